/**
 * Core's own commands, loaded lazily (`timmy --version` and `--help` import none of them). Every
 * other command comes from a plugin's `commands` (core/plugin.ts LazyCommand, the same contract).
 */
import type { LazyCommand } from '../plugin.js'

export const commands: Record<string, LazyCommand> = {
  serve: {
    summary: 'Run timmy: store, scheduler, workers and the loopback HTTP server',
    load: () => import('./commands/serve.js'),
  },
  plugins: {
    summary: 'List loaded plugins: version, source, hooks, steps, tasks',
    load: () => import('./commands/plugins.js'),
  },
  validate: {
    summary: 'Validate the config and every YAML under playbooks/, skins/, config/',
    load: () => import('./commands/validate.js'),
  },
  // the host's secret (signs requests to timmy serve)
  secret: {
    summary: 'The per-install bridge secret: rotate it, or print where it lives',
    load: () => import('./commands/secret.js'),
  },

  doctor: {
    summary: 'Check Node, paths, permissions and the store',
    load: () => import('./commands/doctor.js'),
  },
}
