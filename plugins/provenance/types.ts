/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('provenance')` is typed by it. */
import type { Provenance } from './index.js'

export type { Provenance }

declare module '../../core/plugin.js' {
  interface Services {
    provenance: Provenance
  }
}
