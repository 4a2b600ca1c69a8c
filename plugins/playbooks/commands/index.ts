/** The `playbooks` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  'run-playbook': {
    summary: 'Run a playbook: a dry run prints the plan; --apply applies its effects',
    load: () => import('./run-playbook.js'),
  },
  'test-playbooks': {
    summary: 'Run the playbook fixtures and compare the planned effects',
    load: () => import('./test-playbooks.js'),
  },
}
