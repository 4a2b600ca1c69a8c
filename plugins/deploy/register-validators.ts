/** `timmy validate` checks the overlay's config.yaml and cron.yaml the way deploy does. */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import { readTextFile } from '../../core/config/yaml-source.js'
import type { PluginHost } from '../../core/plugin.js'
import type { HermesService } from '../hermes/types.js'
import { checkConfigYaml } from './check-config-yaml.js'
import { documentedVars } from './overlay.js'

export function registerHermesValidators(host: PluginHost, hermes: HermesService): void {
  host.registerValidator({
    name: 'hermes-config',
    match: (rel) => rel === 'config/config.yaml',
    validate(source) {
      const env = join(dirname(resolve(source.file)), 'env.example')
      const documented = existsSync(env) ? documentedVars(readTextFile(env)) : new Set<string>()
      return { warnings: checkConfigYaml(hermes, source, documented, 'config/env.example') }
    },
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
    validate(source) {
      if (source.value != null) hermes.cron.readCronYaml(source)
    },
  })
}
