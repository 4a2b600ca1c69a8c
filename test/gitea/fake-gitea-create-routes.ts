/**
 * The fake Gitea's create-issue, commit-status and version routes (routers/api/v1/repo/issue.go
 * CreateIssue, repo/status.go NewCommitStatus, misc/version.go). Commit statuses are kept on the repo
 * (`FakeRepo.statuses`, the same list the combined-status route reads); `commitStatuses(fake, repo, sha)`
 * lets a test read them.
 */
import type { FakeGitea } from './fake-gitea.js'
import { canWrite, err, notFound, repoOf, route } from './fake-gitea-helpers.js'
import type { FakeRepo, FakeStatus } from './fake-gitea-state.js'

export type FakeCommitStatus = FakeStatus

const STATES = new Set<string>(['pending', 'success', 'error', 'failure', 'warning', 'skipped'])
const statusesOf = (r: FakeRepo): FakeStatus[] => (r.statuses ??= [])

/** Statuses set on `sha` of `repo`, oldest first. */
export function commitStatuses(fake: FakeGitea, repo: string, sha: string): FakeCommitStatus[] {
  const r = fake.state.repo(repo)
  return r ? statusesOf(r).filter((s) => s.sha === sha) : []
}

export const createRoutes = [
  route('GET', '/version', () => ({ status: 200, body: { version: '1.26.3' } })),
  route('POST', '/repos/{owner}/{repo}/issues', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    const b = (c.body ?? {}) as {
      title?: unknown
      body?: unknown
      labels?: unknown
      assignees?: unknown
      closed?: unknown
    }
    if (typeof b.title !== 'string' || b.title.trim() === '') return err(c, 422, '[Title]: Required')
    if (r.archived) return err(c, 423, 'repository is archived')
    const assignees = Array.isArray(b.assignees) ? (b.assignees as string[]) : []
    if (assignees.some((a) => !c.state.users.has(a))) return err(c, 422, 'user does not exist')
    const issue = c.fake.addIssue(`${r.owner}/${r.name}`, {
      title: b.title,
      body: typeof b.body === 'string' ? b.body : '',
      user: c.user,
      // Labels and assignees need write access; a reader's are dropped silently, as in Gitea.
      ...(canWrite(c, r) ? { assignees } : {}),
    })
    if (canWrite(c, r) && Array.isArray(b.labels))
      for (const id of b.labels as number[]) if (r.labels.some((l) => l.id === id)) issue.labels.push(id)
    if (b.closed === true) {
      issue.state = 'closed'
      issue.closedAt = c.state.now()
    }
    c.created('issues')
    return { status: 201, body: c.state.issueJson(r, issue) }
  }),
  route('POST', '/repos/{owner}/{repo}/statuses/{sha}', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    if (!canWrite(c, r)) return err(c, 403, 'user should have write permission')
    const sha = c.params.sha ?? ''
    if (sha === '') return err(c, 400, 'sha not given')
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) return err(c, 404, `object does not exist [id: ${sha}]`)
    const b = (c.body ?? {}) as {
      state?: unknown
      context?: unknown
      description?: unknown
      target_url?: unknown
    }
    if (typeof b.state !== 'string' || !STATES.has(b.state)) return err(c, 400, 'invalid state')
    const s: FakeCommitStatus = {
      id: c.state.nextId(),
      sha,
      state: b.state as FakeStatus['state'],
      context: typeof b.context === 'string' && b.context !== '' ? b.context : 'default',
      description: typeof b.description === 'string' ? b.description : '',
      targetUrl: typeof b.target_url === 'string' ? b.target_url : '',
      creator: c.user,
      createdAt: c.state.now(),
    }
    statusesOf(r).push(s)
    c.created('statuses')
    return {
      status: 201,
      body: {
        id: s.id,
        status: s.state,
        target_url: s.targetUrl,
        description: s.description,
        url: `${c.state.rootUrl}api/v1/repos/${r.owner}/${r.name}/statuses/${sha}`,
        context: s.context,
        creator: c.state.userJson(s.creator),
        created_at: c.state.iso(s.createdAt),
        updated_at: c.state.iso(s.createdAt),
      },
    }
  }),
]
