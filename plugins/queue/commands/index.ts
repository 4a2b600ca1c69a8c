/** The `queue` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  tasks: {
    summary: 'Inspect and steer the task queue: list, show, stats, enqueue, revoke, pause, resume, retry',
    load: () => import('./tasks.js'),
  },
  worker: {
    summary: 'Run queue workers (no scheduler, no HTTP server) until SIGINT or SIGTERM',
    load: () => import('./worker.js'),
  },
}
