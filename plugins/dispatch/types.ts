/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('dispatch')` is typed by it. */
import type { DispatchResult, DispatchService } from './index.js'

export type { DispatchResult, DispatchService }

declare module '../../core/plugin.js' {
  interface Services {
    dispatch: DispatchService
  }
}
