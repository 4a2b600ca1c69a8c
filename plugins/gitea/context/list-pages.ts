import type { PageOptions } from '../client-options.js'
import type { Query } from '../http-request.js'
import { collect, MAX_LIMIT, paginate } from '../paginate.js'
import type { ContextState } from './context-state.js'

/** Every item of a paginated list, page after page. */
export const iteratePages = <T>(s: ContextState, path: string, query: Query, limit?: number) =>
  paginate<T>(s.core, path, query, { concurrency: s.concurrency, ...(limit ? { limit } : {}) })

/** One page of a list (or, with `all`, every page). */
export async function listPage<T>(s: ContextState, path: string, query: Query, o: PageOptions): Promise<T[]> {
  if (o.all) return collect(iteratePages<T>(s, path, query, o.limit))
  const limit = Math.min(MAX_LIMIT, o.limit ?? MAX_LIMIT)
  return (
    (await s.core.request<T[]>({ method: 'GET', path, query: { ...query, page: o.page ?? 1, limit } }))
      .data ?? []
  )
}
