/**
 * The `dispatch` service as setup provides it: the same methods, importing dispatch-service.ts (the
 * guard, the agent runners) and building the real service on the first call.
 */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { DispatchService } from './index.js'
import type { DispatchOptionsSchema } from './options.js'

let code: Promise<typeof import('./dispatch-service.js')> | undefined
const load = () => (code ??= import('./dispatch-service.js'))

export function createLazyDispatchService(
  host: PluginHost,
  options: Static<typeof DispatchOptionsSchema>,
): DispatchService {
  let real: Promise<DispatchService> | undefined
  const service = () => (real ??= load().then((m) => m.createDispatchService(host, options)))
  return {
    dispatch: async (request) => (await service()).dispatch(request),
    refusal: async (repo, issue, lane) => (await service()).refusal(repo, issue, lane),
  }
}
