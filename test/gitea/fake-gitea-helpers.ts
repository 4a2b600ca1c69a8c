/** The fake Gitea's shared route helpers: errors, pagination (clamp, X-Total-Count, Link), access, filters. */
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
  /** A plain-text body (a PR's `.diff`), sent as it is. */
  text?: string
}
export type Handler = (ctx: Ctx) => Out

export const err = (c: Ctx, status: number, message: string): Out => ({
  status,
  body: { message, url: `${c.state.rootUrl}api/swagger` },
})
export const notFound = (c: Ctx) => err(c, 404, 'not found')

/** Pagination as in services/context/api.go: clamp, X-Total-Count, Link (next,last,first,prev; ","). */
export function paginate<T>(c: Ctx, items: T[], o: { link?: boolean; unclampedLink?: boolean } = {}) {
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

export function repoOf(c: Ctx): FakeRepo | undefined {
  const r = c.state.repo(`${c.params.owner}/${c.params.repo}`)
  if (!r) return undefined
  if (r.private && !c.user) return undefined // a private repo with no auth is a 404, not a 401
  return r
}
export const canWrite = (c: Ctx, r: FakeRepo) =>
  c.user !== undefined &&
  (c.user === r.owner || r.collaborators.has(c.user) || c.state.users.get(c.user)?.isAdmin === true)
export const findIssue = (r: FakeRepo, index: string) => r.issues.find((i) => i.number === Number(index))
export const touch = (c: Ctx, i: FakeIssue) => {
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

export function filterIssues(c: Ctx, r: FakeRepo, anyLabel: boolean): FakeIssue[] {
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

export function route(method: string, op: string, handler: Handler) {
  const regex = new RegExp(
    `^${op.replace(/\{(\w+)\}/g, (_, name) => (name === 'head' ? `(?<${name}>.+)` : `(?<${name}>[^/]+)`))}$`,
  )
  return { method, op, regex, handler }
}
