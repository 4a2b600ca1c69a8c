/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('dispatch')` is typed by it. */
import type { DispatchService } from './index.js'

export type { DispatchService }

declare module '../../core/plugin.js' {
  interface Services {
    dispatch: DispatchService
  }
}
