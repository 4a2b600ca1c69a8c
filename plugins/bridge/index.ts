/**
 * The Hermes bridge, server side: adds `POST /hermes/events` (+ `/hermes/events/stats`) to
 * `timmy serve`, routes each valid event through `hooks.hermesEvent` (deadman, provenance, budget
 * observe it), token usage through `hooks.usage`, and answers `pre_tool_call` / `pre_llm_call` through
 * the `beforeToolCall` bail hook (policy and budget tap it). Provides the `bridge` service (`BridgeService`).
 */

import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { BridgeOptions } from './options.js'

export { BridgeOptions } from './options.js'
export type { BridgeService } from './types.js'

export default definePlugin({
  name: 'bridge',
  version: '0.1.0',
  commands,
  provides: ['bridge'],
  description: 'Hermes bridge: /hermes/events (usage, heartbeats, provenance, vetoes) for timmy serve',
  options: BridgeOptions,
  async setup(host, options) {
    const { setupBridge } = await import('./setup.js')
    return setupBridge(host, options)
  },
})
