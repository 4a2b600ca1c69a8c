/**
 * The triage plugin's setup (index.ts imports it when the host sets the plugin up). The rules' compiler
 * and the sweep are imported when the service, a task or the validator first needs them.
 */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import { resolveLanes } from './lanes.js'
import type { TriageOptionsSchema } from './options.js'
import { createTriageService, loadTriageBody } from './triage-service.js'

export function setupTriage(host: PluginHost, options: Static<typeof TriageOptionsSchema>): void {
  const lanes = () => resolveLanes(host, options.lanes)
  const service = createTriageService(host, options, lanes)
  // Scheduled sweeps do nothing (and say so once, in the log) until repositories are configured,
  // so a fresh `timmy serve` does not fill the queue with failing jobs.
  let said = false
  const scheduled = async (run: () => Promise<unknown>) => {
    if (options.repos.length === 0) {
      if (!said)
        host.log.info(
          'triage: no repositories configured (pluginOptions.triage.repos); scheduled sweeps skip',
        )
      said = true
      return { skipped: 'no repositories configured' }
    }
    return run()
  }
  host.provide('triage', service)
  host.registerTask({
    name: 'triage.sweep',
    description: 'stale sweep and triage of new issues',
    schedule: options.schedule.sweep,
    catchUp: 'latest',
    handler: () => scheduled(() => service.sweep({ confirm: options.confirm })),
  })
  host.registerTask({
    name: 'triage.orphan_work_cleanup',
    description: 'unassign agents from issues idle past the limit',
    schedule: options.schedule.orphans,
    catchUp: 'latest',
    handler: () => scheduled(() => service.sweep({ confirm: options.confirm, only: 'orphans' })),
  })
  host.registerValidator({
    name: 'triage rules',
    match: (path) => /(^|\/)triage-rules\.ya?ml$/.test(path),
    validate: async (source) => {
      const names = lanes().map((l) => l.name)
      const { compileRulesFile } = await loadTriageBody()
      compileRulesFile(source, names.length ? names : undefined)
    },
  })
}
