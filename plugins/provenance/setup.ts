/** The provenance plugin's setup (index.ts imports it when the host sets the plugin up). */
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { Provenance } from './index.js'
import type { ProvenanceSettings } from './options.js'
import { createProvenanceService } from './service.js'

export function setupProvenance(host: PluginHost, options: ProvenanceSettings): void {
  const service = createProvenanceService(host.store)
  const provided: Provenance = Object.assign(service, { settings: options })
  host.provide('provenance', provided)
  const tap = { name: 'provenance', stage: STAGE.observe }
  host.hooks.beforeRun.intercept({
    call: (run) => {
      service
        .recordRunStart(run)
        .catch((err) => host.log.error({ err: String(err) }, 'provenance: run start not recorded'))
    },
  })
  host.hooks.afterStep.tapPromise(tap, (result) => service.recordStep(result))
  host.hooks.afterRun.tapPromise(tap, (report) => service.recordRun(report))
  host.hooks.usage.tapPromise(tap, (event) => service.onUsage(event))
}
