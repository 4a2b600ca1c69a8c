/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('queue')` is typed by it. */
import type { QueueService } from './host-queue.js'

export type { QueueService }

declare module '../../core/plugin.js' {
  interface Services {
    queue: QueueService
  }
}
