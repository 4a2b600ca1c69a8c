/** The fake Gitea's routes: one handler per endpoint, behaviour as documented from Gitea's source. */
import type { FakeGitea } from './fake-gitea.js'
import type { FakeIssue, FakeRepo, FakeState } from './fake-gitea-state.js'

export interface Ctx {
  fake: FakeGitea
  state: FakeState
  user: string | undefined
  params: Record<string, string>
  query: URLSearchParams
  path: string
  body: unknown
  maxItems: number
  created(kind: string): void
}
export interface Out {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** No body at all (a bare 403, the merge 200). */
  bare?: boolean
}
export type Handler = (ctx: Ctx) => Out

const err = (c: Ctx, status: number, message: string): Out => ({
  status,
  body: { message, url: `${c.state.rootUrl}api/swagger` },
})
const notFound = (c: Ctx) => err(c, 404, 'not found')

/** Pagination as in services/context/api.go: clamp, X-Total-Count, Link (next,last,first,prev; ","). */
function paginate<T>(c: Ctx, items: T[], o: { link?: boolean; unclampedLink?: boolean } = {}) {
  let page = Number.parseInt(c.query.get('page') ?? '1', 10)
  if (!(page > 0)) page = 1
  const asked = Number.parseInt(c.query.get('limit') ?? '0', 10)
  let limit = asked > 0 ? asked : 30
  if (limit > c.maxItems) limit = c.maxItems
  const slice = items.slice((page - 1) * limit, page * limit)
  const headers: Record<string, string> = { 'X-Total-Count': String(items.length) }
  if (o.link !== false) {
    const linkLimit = o.unclampedLink && asked > 0 ? asked : limit
    const last = Math.max(1, Math.ceil(items.length / linkLimit))
    const link = (p: number) => {
      const q = new URLSearchParams(c.query)
      q.set('page', String(p))
      q.set('limit', String(linkLimit))
      const sorted = [...q.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `${c.state.rootUrl}api/v1${c.path}?${new URLSearchParams(sorted).toString()}`
    }
    const parts: string[] = []
    if (page < last) parts.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
    if (page > 1) parts.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`)
    if (parts.length) headers.Link = parts.join(',')
  }
  return { slice, headers }
}

function repoOf(c: Ctx): FakeRepo | undefined {
  const r = c.state.repo(`${c.params.owner}/${c.params.repo}`)
  if (!r) return undefined
  if (r.private && !c.user) return undefined // a private repo with no auth is a 404, not a 401
  return r
}
const canWrite = (c: Ctx, r: FakeRepo) =>
  c.user !== undefined &&
  (c.user === r.owner || r.collaborators.has(c.user) || c.state.users.get(c.user)?.isAdmin === true)
const findIssue = (r: FakeRepo, index: string) => r.issues.find((i) => i.number === Number(index))
const touch = (c: Ctx, i: FakeIssue) => {
  i.updatedAt = c.state.now()
}

const sortedCache = new WeakMap<FakeRepo, { length: number; sorted: FakeIssue[] }>()

/** Newest first (created, then number), as Gitea lists them; cached while no issue is added. */
function newestFirst(r: FakeRepo): FakeIssue[] {
  const hit = sortedCache.get(r)
  if (hit && hit.length === r.issues.length) return hit.sorted
  const sorted = [...r.issues].sort((a, b) => b.createdAt - a.createdAt || b.number - a.number)
  sortedCache.set(r, { length: r.issues.length, sorted })
  return sorted
}

function filterIssues(c: Ctx, r: FakeRepo, anyLabel: boolean): FakeIssue[] {
  const stateQ = c.query.get('state')
  const st = stateQ === 'closed' || stateQ === 'all' ? stateQ : 'open'
  const type = c.query.get('type')
  const sinceQ = c.query.get('since')
  const since = sinceQ ? Date.parse(sinceQ) : undefined
  const q = c.query.get('q')?.toLowerCase()
  // Label names → ids; unknown names are dropped; with none left the filter disappears.
  const names = (c.query.get('labels') ?? '').split(',').filter(Boolean)
  const ids = names
    .map((n) => r.labels.find((l) => l.name === n)?.id)
    .filter((x): x is number => x !== undefined)
  const out: FakeIssue[] = []
  for (const i of newestFirst(r)) {
    if (st !== 'all' && i.state !== st) continue
    if (type === 'issues' ? i.pull : type === 'pulls' ? !i.pull : false) continue
    if (since !== undefined && i.updatedAt < since) continue
    if (q && !i.title.toLowerCase().includes(q) && !i.body.toLowerCase().includes(q)) continue
    if (
      ids.length &&
      !(anyLabel ? ids.some((id) => i.labels.includes(id)) : ids.every((id) => i.labels.includes(id)))
    )
      continue
    out.push(i)
  }
  return out
}

function route(method: string, op: string, handler: Handler) {
  const regex = new RegExp(
    `^${op.replace(/\{(\w+)\}/g, (_, name) => (name === 'head' ? `(?<${name}>.+)` : `(?<${name}>[^/]+)`))}$`,
  )
  return { method, op, regex, handler }
}

export const routes = [
  route('GET', '/settings/api', () => ({
    status: 200,
    body: {
      max_response_items: 50,
      default_paging_num: 30,
      default_git_trees_per_page: 1000,
      default_max_blob_size: 10485760,
      default_max_response_size: 52428800,
    },
  })),
  route('GET', '/user', (c) =>
    c.user ? { status: 200, body: c.state.userJson(c.user) } : err(c, 401, 'token is required'),
  ),
  route('GET', '/users/{username}', (c) =>
    c.state.users.has(c.params.username!)
      ? { status: 200, body: c.state.userJson(c.params.username!) }
      : err(c, 404, 'user does not exist'),
  ),
  route('GET', '/repos/issues/search', (c) => {
    const owner = c.query.get('owner')
    const all: { r: FakeRepo; i: FakeIssue }[] = []
    for (const r of c.state.repos.values()) {
      if (r.private && !c.user) continue
      if (owner && r.owner !== owner) continue
      // Labels match by name across repos, any of them (IncludedAnyLabelIDs).
      for (const i of filterIssues(c, r, true)) all.push({ r, i })
    }
    const names = (c.query.get('labels') ?? '').split(',').filter(Boolean)
    const matching = names.length
      ? all.filter(({ r, i }) =>
          i.labels.some((id) => names.includes(r.labels.find((l) => l.id === id)!.name)),
        )
      : all
    const { slice, headers } = paginate(c, matching, { unclampedLink: true })
    return { status: 200, body: slice.map(({ r, i }) => c.state.issueJson(r, i)), headers }
  }),
  route('GET', '/orgs/{org}/repos', (c) => {
    if (!c.state.users.has(c.params.org!)) return err(c, 404, 'GetUserByName')
    const repos = [...c.state.repos.values()].filter(
      (r) => r.owner === c.params.org && (!r.private || c.user),
    )
    const { slice, headers } = paginate(c, repos)
    return { status: 200, body: slice.map((r) => c.state.repoJson(r)), headers }
  }),
  route('GET', '/repos/{owner}/{repo}', (c) => {
    const r = repoOf(c)
    return r ? { status: 200, body: c.state.repoJson(r) } : notFound(c)
  }),
  route('GET', '/repos/{owner}/{repo}/issues', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    const { slice, headers } = paginate(c, filterIssues(c, r, false))
    return { status: 200, body: slice.map((i) => c.state.issueJson(r, i)), headers }
  }),
  route('GET', '/repos/{owner}/{repo}/issues/{index}', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    return r && i ? { status: 200, body: c.state.issueJson(r, i) } : notFound(c)
  }),
  route('PATCH', '/repos/{owner}/{repo}/issues/{index}', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    const writer = canWrite(c, r)
    if (!writer && c.user !== i.user) return { status: 403, bare: true } // bare 403, no JSON body
    const b = (c.body ?? {}) as Record<string, unknown>
    if (b.content_version !== undefined && b.content_version !== i.contentVersion)
      return err(c, 409, 'The issue has been updated by someone else. Please refresh the page and try again.')
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed')
      return err(c, 412, 'unknown state')
    if (b.state !== undefined && i.pull?.merged && b.state !== i.state)
      return err(c, 412, 'cannot change state of a merged pull request')
    // Applied field by field: an earlier change stays when a later one fails.
    if (typeof b.title === 'string') i.title = b.title
    if (typeof b.body === 'string') i.body = b.body
    if (Array.isArray(b.assignees) && writer) {
      const unknown = (b.assignees as string[]).filter((u) => !c.state.users.has(u))
      if (unknown.length) {
        touch(c, i)
        return err(c, 500, '') // Gitea answers 500 (empty message in prod) for an unknown username
      }
      i.assignees = [...(b.assignees as string[])]
    }
    if (b.state === 'closed' && i.state === 'open') {
      i.state = 'closed'
      i.closedAt = c.state.now()
    } else if (b.state === 'open' && i.state === 'closed') {
      i.state = 'open'
      i.closedAt = null
    }
    i.contentVersion++
    touch(c, i)
    return { status: 201, body: c.state.issueJson(r, i) }
  }),
  route('GET', '/repos/{owner}/{repo}/issues/{index}/comments', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i) return notFound(c)
    const since = c.query.get('since')
    const list = r.comments.filter(
      (x) => x.issue === i.number && (!since || x.createdAt >= Date.parse(since)),
    )
    return {
      status: 200,
      body: list.map((x) => c.state.commentJson(r, x)),
      headers: { 'X-Total-Count': String(list.length) },
    }
  }),
  route('POST', '/repos/{owner}/{repo}/issues/{index}/comments', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    const b = (c.body ?? {}) as { body?: unknown }
    if (typeof b.body !== 'string' || b.body === '') return err(c, 422, '[Body]: Required')
    if (r.archived) return err(c, 423, 'repository is archived')
    if (i.locked && !canWrite(c, r)) return err(c, 403, 'issue is locked')
    const comment = {
      id: c.state.nextId(),
      issue: i.number,
      body: b.body,
      user: c.user,
      createdAt: c.state.now(),
    }
    r.comments.push(comment)
    i.comments++
    touch(c, i)
    c.created('comments')
    return { status: 201, body: c.state.commentJson(r, comment) }
  }),
  route('GET', '/repos/{owner}/{repo}/labels', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    const { slice, headers } = paginate(c, r.labels, { link: false }) // X-Total-Count only, no Link
    return { status: 200, body: slice.map((l) => c.state.labelJson(r, l)), headers }
  }),
  route('POST', '/repos/{owner}/{repo}/labels', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    if (!canWrite(c, r)) return err(c, 403, 'user should have write access')
    const b = (c.body ?? {}) as { name?: unknown; color?: unknown; description?: unknown }
    if (typeof b.name !== 'string' || b.name === '') return err(c, 422, '[Name]: Required')
    const color = typeof b.color === 'string' ? b.color.replace(/^#/, '') : ''
    if (!/^([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.test(color)) return err(c, 422, 'invalid color')
    const label = {
      id: c.state.nextId(),
      name: b.name,
      color: color.toLowerCase(),
      description: typeof b.description === 'string' ? b.description : '',
    }
    r.labels.push(label)
    c.created('labels')
    return { status: 201, body: c.state.labelJson(r, label) }
  }),
  route('POST', '/repos/{owner}/{repo}/issues/{index}/labels', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    if (!canWrite(c, r)) return err(c, 403, 'user should have write access')
    const given = ((c.body ?? {}) as { labels?: unknown[] }).labels ?? []
    for (const x of given) {
      const l = r.labels.find((y) => (typeof x === 'number' ? y.id === x : y.name === x))
      if (!l) return err(c, 404, `label does not exist [id: ${x}]`)
      if (!i.labels.includes(l.id)) i.labels.push(l.id)
    }
    touch(c, i)
    return {
      status: 200,
      body: i.labels.map((id) => c.state.labelJson(r, r.labels.find((l) => l.id === id)!)),
    }
  }),
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
    if (!r || !i || !i.pull) return notFound(c)
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
