/** The static part of `timmy deadman` (help, subcommands, options): the CLI reads it without importing the command's body. */
import type { PluginCommand } from '../../core/plugin.js'

const DESCRIPTION = `Watch that each Hermes agent ("wizard") is alive and restart it, bounded and backed off.

Configure wizards under pluginOptions.deadman.wizards in the config; a new install is a dry run
(dryRun: true records what deadman would do).
Exit codes: 0 ok, 1 failure, 2 bad usage or unknown wizard.`

const EXAMPLES = `Examples:
  timmy deadman status [--json]
  timmy deadman beat <wizard> [--source NAME] [--start|--finish] [--run ID]
  timmy deadman pause|resume|reset <wizard>`

export const deadmanCommandSpec: Omit<PluginCommand, 'run'> = {
  description: DESCRIPTION,
  usage: EXAMPLES,
  subcommands: {
    status: {
      summary:
        'each wizard: state (new, up, late, down, paused), last beat, restarts in the window / ' +
        'maxRetries, next allowed restart, deadman_active, raised detectors',
    },
    beat: {
      summary: 'record a beat now and touch its stamp file',
      args: '<wizard>',
      options: {
        source: { type: 'string', value: 'name', description: 'who saw it alive' },
        start: { type: 'boolean', description: 'the beat marks the start of a run' },
        finish: { type: 'boolean', description: 'the beat marks the end of a run' },
        run: { type: 'string', value: 'id', description: 'the run the beat belongs to' },
      },
    },
    pause: { summary: 'stop watching it (no state changes, no restarts) until resume', args: '<wizard>' },
    resume: { summary: 'watch it again', args: '<wizard>' },
    reset: {
      summary: 'after a human fixed it: clear deadman_active, restart history, backoff, detectors',
      args: '<wizard>',
    },
  },
}
