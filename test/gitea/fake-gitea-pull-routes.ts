/** The fake Gitea's pull-request routes: list, create (409 on a duplicate), merge (405/409), get, by base/head. */
import { canWrite, err, findIssue, notFound, paginate, repoOf, route, touch } from './fake-gitea-helpers.js'

export const pullRoutes = [
  route('GET', '/repos/{owner}/{repo}/pulls', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    const st = c.query.get('state')
    const state = st === 'closed' || st === 'all' ? st : 'open'
    const labelIds = c.query.getAll('labels').map(Number)
    const base = c.query.get('base_branch')
    const pulls = r.issues
      .filter((i) => i.pull && (state === 'all' || i.state === state))
      .filter((i) => labelIds.every((id) => i.labels.includes(id)))
      .filter((i) => !base || i.pull!.base === base)
      .sort((a, b) => b.createdAt - a.createdAt || b.number - a.number)
    const { slice, headers } = paginate(c, pulls)
    return { status: 200, body: slice.map((i) => c.state.pullJson(r, i)), headers }
  }),
  route('POST', '/repos/{owner}/{repo}/pulls', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    const b = (c.body ?? {}) as {
      head?: string
      base?: string
      title?: string
      body?: string
      assignees?: string[]
      labels?: number[]
    }
    if (!b.title) return err(c, 422, '[Title]: Required')
    if (!b.head || !b.base) return err(c, 422, '[Head]: Required')
    const head = b.head.includes(':') ? b.head.split(':')[1]! : b.head
    if (head === b.base)
      return err(c, 422, 'Invalid PullRequest: There are no changes between the head and the base')
    if (!r.branches.has(head) || !r.branches.has(b.base)) return err(c, 404, 'branch does not exist')
    const existing = r.issues.find(
      (i) => i.pull && i.state === 'open' && i.pull.head === head && i.pull.base === b.base,
    )
    if (existing)
      return err(
        c,
        409,
        `pull request already exists for these targets [id: ${existing.pull!.id}, issue_id: ${existing.id}, head_repo_id: ${r.id}, base_repo_id: ${r.id}, head_branch: ${head}, base_branch: ${b.base}]`,
      )
    if (b.assignees?.some((a) => !c.state.users.has(a))) return err(c, 422, 'user does not exist')
    const issue = c.fake.addPull(`${r.owner}/${r.name}`, { head, base: b.base, title: b.title, user: c.user })
    issue.body = b.body ?? ''
    issue.assignees = b.assignees ?? []
    for (const id of b.labels ?? []) if (r.labels.some((l) => l.id === id)) issue.labels.push(id)
    c.created('pulls')
    return { status: 201, body: c.state.pullJson(r, issue) }
  }),
  route('POST', '/repos/{owner}/{repo}/pulls/{index}/merge', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i?.pull) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    const b = (c.body ?? {}) as Record<string, unknown>
    const style = b.do ?? b.Do
    const styles = ['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only', 'manually-merged']
    if (typeof style !== 'string' || !styles.includes(style)) return err(c, 422, '[Do]: Required')
    const p = i.pull
    if (p.merged) return err(c, 405, 'The PR is already merged')
    if (i.state === 'closed') return notFound(c)
    if (!canWrite(c, r)) return err(c, 405, 'User not allowed to merge PR')
    if (p.draft) return err(c, 405, 'The PR is a work in progress')
    if (!p.mergeable) return err(c, 405, 'Please try again later')
    if (typeof b.head_commit_id === 'string' && b.head_commit_id !== p.headSha)
      return err(c, 409, 'head out of date')
    if (p.conflict)
      return {
        status: 409,
        body: {
          Style: style,
          StdOut: '',
          StdErr: 'CONFLICT (content): Merge conflict in README.md',
          Err: {},
        },
      }
    p.merged = true
    p.mergedAt = c.state.now()
    p.mergeCommitSha = 'd'.repeat(40)
    i.state = 'closed'
    i.closedAt = p.mergedAt
    touch(c, i)
    c.created('merges')
    return { status: 200, bare: true }
  }),
  route('GET', '/repos/{owner}/{repo}/pulls/{index}', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    return r && i?.pull ? { status: 200, body: c.state.pullJson(r, i) } : notFound(c)
  }),
  route('GET', '/repos/{owner}/{repo}/pulls/{base}/{head}', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    const matches = r.issues.filter(
      (i) => i.pull && i.pull.base === c.params.base && i.pull.head === c.params.head,
    )
    const pr = matches.find((i) => i.state === 'open') ?? matches.at(-1)
    return pr ? { status: 200, body: c.state.pullJson(r, pr) } : notFound(c)
  }),
]
