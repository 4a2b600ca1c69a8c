import { isGiteaError } from '../gitea-error.js'
import type { Query } from '../http-request.js'
import type { ContextState } from './context-state.js'

/** GET a path's JSON. */
export const getJson = async <T>(s: ContextState, path: string, query?: Query): Promise<T> =>
  (await s.core.request<T>({ method: 'GET', path, ...(query ? { query } : {}) })).data

/** GET a path's JSON, or undefined when Gitea answers 404. */
export async function getOrUndefined<T>(s: ContextState, path: string): Promise<T | undefined> {
  try {
    return await getJson<T>(s, path)
  } catch (err) {
    if (isGiteaError(err, 'TIMMY_ERR_GITEA_NOT_FOUND')) return undefined
    throw err
  }
}
