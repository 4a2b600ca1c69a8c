/** The `deploy` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  deploy: {
    summary: 'Validate the Hermes overlay and switch $HERMES_HOME to it as a new generation',
    load: () => import('./deploy.js'),
  },
  rollback: {
    summary: 'Switch $HERMES_HOME back to an earlier generation',
    load: () => import('./rollback.js'),
  },
  generations: {
    summary: 'List deploy generations: which is live, which was last known-good',
    load: () => import('./generations.js'),
  },
  freshness: {
    summary: 'Drift between declared schedules and what Hermes and the queue hold',
    load: () => import('./freshness.js'),
  },
  fleet: {
    summary: 'Fleet rollouts: status per host, drift; `timmy fleet deploy <commit>` starts one',
    load: () => import('./fleet.js'),
  },
  'flush-continuity': {
    summary: "Append the active state (live generation, jobs, freshness) to today's daily note",
    load: () => import('./flush-continuity.js'),
  },
}
