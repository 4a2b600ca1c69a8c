/** On `timmy serve`: the bridge's route, socket and bridge.json (serve-bridge.ts, imported when the server starts). */
import type { PluginHost } from '../../core/plugin.js'
import type { HandlerDeps } from './handle-event.js'
import type { BridgeOptions } from './options.js'
import type { ServeState } from './serve-bridge.js'

export type { ServeState }

export function tapServe(
  host: PluginHost,
  options: BridgeOptions,
  deps: HandlerDeps,
  state: ServeState,
): void {
  host.hooks.serve.tapPromise('bridge', async (ctx) =>
    (await import('./serve-bridge.js')).serveBridge(host, options, deps, state, ctx),
  )
}
