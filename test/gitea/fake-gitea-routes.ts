/** The fake Gitea's routes: one handler per endpoint, behaviour as documented from Gitea's source. */

import { checkRoutes } from './fake-gitea-check-routes.js'
import { createRoutes } from './fake-gitea-create-routes.js'
import {
  canWrite,
  err,
  filterIssues,
  findIssue,
  notFound,
  paginate,
  repoOf,
  route,
  touch,
} from './fake-gitea-helpers.js'
import { pullRoutes } from './fake-gitea-pull-routes.js'
import type { FakeIssue, FakeRepo } from './fake-gitea-state.js'

export type { Ctx, Handler, Out } from './fake-gitea-helpers.js'

const issueRoutes = [
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
  // DeleteIssueLabel: 204 with no body; 404 when the label is not the repo's (or the issue does not exist).
  route('DELETE', '/repos/{owner}/{repo}/issues/{index}/labels/{id}', (c) => {
    const r = repoOf(c)
    const i = r && findIssue(r, c.params.index!)
    if (!r || !i) return notFound(c)
    if (!c.user) return err(c, 401, 'token is required')
    if (!canWrite(c, r)) return err(c, 403, 'user should have write access')
    const id = Number(c.params.id)
    if (!r.labels.some((l) => l.id === id)) return err(c, 404, `label does not exist [id: ${c.params.id}]`)
    i.labels = i.labels.filter((x) => x !== id)
    touch(c, i)
    return { status: 204 }
  }),
]

// Order matters: /repos/issues/search before /repos/{owner}/{repo}, merge before {base}/{head}.
// The check routes come first: `/pulls/{index}.diff` would otherwise match `/pulls/{index}`.
export const routes = [...issueRoutes, ...checkRoutes, ...pullRoutes, ...createRoutes]
