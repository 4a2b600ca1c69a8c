/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('bridge')` is typed by it. */
import type { BridgeService } from './index.js'

export type { BridgeService }

declare module '../../core/plugin.js' {
  interface Services {
    bridge: BridgeService
  }
}
