/** `timmy validate` checks the overlay's config.yaml and cron.yaml the way deploy does, and the fleet's inventory.yaml. */
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import type { PluginHost } from '../../core/plugin.js'
import type { HermesService } from '../hermes/types.js'

let body: Promise<typeof import('./validate-hermes-files.js')> | undefined
const load = () => (body ??= import('./validate-hermes-files.js'))

export function registerHermesValidators(host: PluginHost, hermes: HermesService): void {
  host.registerValidator({
    name: 'hermes-config',
    match: (rel) => rel === 'config/config.yaml',
    validate: async (source) => (await load()).validateHermesConfig(hermes, source),
  })
  host.registerValidator({
    name: 'hermes-cron',
    match: (rel) => rel === 'config/cron.yaml',
    // by content: the schema it names, else a `jobs:` list of scheduled prompts
    detect: (source) => {
      const hint = schemaHint(source)
      const v = source.value
      if (hint) return hint === 'cron'
      return isMapping(v) && Array.isArray(v.jobs) && v.jobs.every((j) => isMapping(j) && 'schedule' in j)
    },
    validate: async (source) => (await load()).validateHermesCron(hermes, source),
  })
  host.registerValidator({
    name: 'fleet-inventory',
    match: (rel) => rel === 'config/inventory.yaml',
    detect: (source) => schemaHint(source) === 'inventory',
    validate: async (source) => {
      ;(await import('./fleet/read-inventory.js')).checkInventory(source)
    },
  })
}
