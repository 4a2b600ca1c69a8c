/** The `provenance` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  train: {
    summary: 'Training data: ingest Hermes sessions, curate, validate, export for axolotl',
    load: () => import('./train.js'),
  },
}
