/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('playbooks')` is typed by it. */
import type { PlaybooksService } from './service.js'

export type { PlaybooksService }

declare module '../../core/plugin.js' {
  interface Services {
    playbooks: PlaybooksService
  }
}
