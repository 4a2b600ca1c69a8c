/**
 * The fake Gitea's check routes, as in routers/api/v1/repo/{status,pull_review,pull}.go:
 * a ref's combined status (the latest status per context; an empty CombinedStatus, state "", when
 * there is none), a PR's reviews, and a PR's diff as plain text. `addStatus`/`addReview` set them up.
 */
import type { FakeGitea } from './fake-gitea.js'
import { findIssue, notFound, paginate, repoOf, route } from './fake-gitea-helpers.js'
import type { FakeIssue, FakeRepo, FakeReview, FakeState, FakeStatus } from './fake-gitea-state.js'

/** Gitea's CommitStatusStates.Combine: any error/failure → failure; all success-like → success; else pending. */
function combine(states: FakeStatus['state'][]): FakeStatus['state'] {
  if (states.some((s) => s === 'error' || s === 'failure')) return 'failure'
  if (states.every((s) => s === 'success' || s === 'warning' || s === 'skipped')) return 'success'
  return 'pending'
}

function statusJson(state: FakeState, r: FakeRepo, s: FakeStatus): Record<string, unknown> {
  return {
    id: s.id,
    status: s.state,
    target_url: s.targetUrl,
    description: s.description,
    url: `${state.rootUrl}api/v1/repos/${r.owner}/${r.name}/statuses/${s.sha}`,
    context: s.context,
    creator: state.userJson(s.creator),
    created_at: state.iso(s.createdAt),
    updated_at: state.iso(s.createdAt),
  }
}

function reviewJson(state: FakeState, r: FakeRepo, i: FakeIssue, v: FakeReview): Record<string, unknown> {
  const html = `${state.rootUrl}${r.owner}/${r.name}/pulls/${i.number}`
  return {
    id: v.id,
    user: state.userJson(v.user),
    team: null,
    state: v.state,
    body: v.body,
    commit_id: v.commitId,
    stale: v.stale,
    official: v.state === 'APPROVED' || v.state === 'REQUEST_CHANGES',
    dismissed: v.dismissed,
    comments_count: 0,
    submitted_at: state.iso(v.submittedAt),
    updated_at: state.iso(v.submittedAt),
    html_url: `${html}#issuecomment-${v.id}`,
    pull_request_url: html,
  }
}

/** `{index}.{diffType}`: the index is digits, the dot a dot. */
function diffRoute(...args: Parameters<typeof route>) {
  return {
    ...route(...args),
    regex: /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/pulls\/(?<index>\d+)\.(?<diffType>[^/.]+)$/,
  }
}

export const checkRoutes = [
  route('GET', '/repos/{owner}/{repo}/commits/{ref}/status', (c) => {
    const r = repoOf(c)
    if (!r) return notFound(c)
    // A branch name resolves to its head commit; the fake's PR heads are the branches it knows.
    const pr = r.issues.find((i) => i.pull?.head === c.params.ref)
    const sha = pr ? pr.pull!.headSha : c.params.ref!
    const latest = new Map<string, FakeStatus>()
    for (const s of r.statuses ?? []) if (s.sha === sha) latest.set(s.context, s)
    const statuses = [...latest.values()].sort((a, b) => b.id - a.id)
    const empty = {
      state: '',
      sha: '',
      total_count: 0,
      statuses: null,
      repository: null,
      commit_url: '',
      url: '',
    }
    if (!statuses.length) return { status: 200, body: empty }
    const { slice, headers } = paginate(c, statuses, { link: false })
    const api = `${c.state.rootUrl}api/v1/repos/${r.owner}/${r.name}`
    return {
      status: 200,
      headers,
      body: {
        state: combine(slice.map((s) => s.state)),
        sha,
        total_count: statuses.length,
        statuses: slice.map((s) => statusJson(c.state, r, s)),
        repository: c.state.repoJson(r),
        commit_url: `${api}/commits/${sha}`,
        url: `${api}/commits/${sha}/status`,
      },
    }
  }),
  route('GET', '/repos/{owner}/{repo}/pulls/{index}/reviews', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i?.pull) return notFound(c)
    const { slice, headers } = paginate(c, i.pull.reviews ?? [])
    return { status: 200, headers, body: slice.map((v) => reviewJson(c.state, r, i, v)) }
  }),
  diffRoute('GET', '/repos/{owner}/{repo}/pulls/{index}.{diffType}', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i?.pull || (c.params.diffType !== 'diff' && c.params.diffType !== 'patch')) return notFound(c)
    return { status: 200, text: i.pull.diff ?? '', headers: { 'content-type': 'text/plain;charset=utf-8' } }
  }),
]

/** CI posts a status for a PR's head commit. */
export function addStatus(
  fake: FakeGitea,
  repo: string,
  pull: FakeIssue,
  o: { context?: string; state: FakeStatus['state']; description?: string },
): void {
  const r = fake.state.repo(repo)!
  r.statuses ??= []
  r.statuses.push({
    id: fake.state.nextId(),
    sha: pull.pull!.headSha,
    context: o.context ?? 'ci/build',
    state: o.state,
    description: o.description ?? '',
    targetUrl: '',
    creator: 'timmy',
    createdAt: fake.state.now(),
  })
}

/** A reviewer submits a review of the PR. */
export function addReview(
  fake: FakeGitea,
  pull: FakeIssue,
  o: { user: string; state: FakeReview['state']; body?: string; dismissed?: boolean; stale?: boolean },
): void {
  if (!fake.state.users.has(o.user)) fake.addUser(o.user)
  pull.pull!.reviews ??= []
  pull.pull!.reviews.push({
    id: fake.state.nextId(),
    user: o.user,
    state: o.state,
    body: o.body ?? '',
    commitId: pull.pull!.headSha,
    stale: o.stale ?? false,
    dismissed: o.dismissed ?? false,
    submittedAt: fake.state.now(),
  })
}
