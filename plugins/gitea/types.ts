/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('gitea')` is typed by it. */
import type { GiteaService } from './service.js'

export type { GiteaService }

declare module '../../core/plugin.js' {
  interface Services {
    gitea: GiteaService
  }
}
