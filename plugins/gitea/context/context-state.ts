import type { GiteaUser } from '../api-types.js'
import type { RequestCore } from '../http-request.js'

/** What the context's helpers share: the request core, the clock, page concurrency and the remembered user. */
export interface ContextState {
  core: RequestCore
  now: () => number
  concurrency: number
  me?: Promise<GiteaUser> | undefined
}
