/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('skin')` is typed by it. */
import type { SkinService } from './index.js'

export type { SkinService }

declare module '../../core/plugin.js' {
  interface Services {
    skin: SkinService
  }
}
