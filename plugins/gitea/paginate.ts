/**
 * Iterate a Gitea list endpoint. Sends `limit` ≤ 50 (Gitea clamps larger values silently). Once the
 * first page gives `X-Total-Count`, the remaining pages are fetched with bounded concurrency and yielded
 * in order; without it, the `Link` rel="next" is followed (its query only: the URL is built from the
 * server's ROOT_URL, which may not be the address we talk to, and the token must not go elsewhere).
 * Stops on a short page or when page·limit ≥ X-Total-Count.
 */
import type { GiteaResponse, Query, RequestCore } from './http-request.js'

export const MAX_LIMIT = 50

export interface PaginateOptions {
  limit?: number
  /** Pages in flight at once once the total is known (1 = strictly page by page). */
  concurrency?: number
  signal?: AbortSignal
}

export async function* paginate<T>(
  core: RequestCore,
  path: string,
  query: Query,
  opts: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const limit = Math.max(1, Math.min(MAX_LIMIT, opts.limit ?? MAX_LIMIT))
  const concurrency = Math.max(1, opts.concurrency ?? 1)
  const get = (page: number, extra: Query = {}) =>
    core.request<T[]>({
      method: 'GET',
      path,
      query: { ...query, ...extra, page, limit },
      ...(opts.signal ? { signal: opts.signal } : {}),
    })

  const first = await get(1)
  const items = first.data ?? []
  yield* items
  if (items.length < limit) return
  const total = first.totalCount

  if (total !== undefined && concurrency > 1) {
    const lastPage = Math.ceil(total / limit)
    const window: Promise<GiteaResponse<T[]>>[] = []
    let next = 2
    while (next <= lastPage && window.length < concurrency) window.push(get(next++))
    while (window.length > 0) {
      const res = await window.shift()!
      if (next <= lastPage) window.push(get(next++))
      const pageItems = res.data ?? []
      yield* pageItems
      if (pageItems.length < limit) {
        // The list shrank while we read it: stop, and let the in-flight pages settle quietly.
        for (const p of window) p.catch(() => {})
        return
      }
    }
    return
  }

  let page = 1
  let res = first
  for (;;) {
    if (total !== undefined && page * limit >= total) return
    const nextUrl = res.links.next
    let nextQuery: Query = {}
    let nextPage = page + 1
    if (nextUrl) {
      const params = new URL(nextUrl).searchParams
      nextPage = Number(params.get('page') ?? nextPage)
      nextQuery = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'page' && k !== 'limit'))
      for (const key of Object.keys(nextQuery)) if (key in query) delete nextQuery[key]
    }
    // No Link (label and comment lists send none): keep going until a short page or the total.
    res = await get(nextPage, nextQuery)
    page = nextPage
    const pageItems = res.data ?? []
    yield* pageItems
    if (pageItems.length < limit) return
  }
}

/** Collect an async iterable into an array. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
