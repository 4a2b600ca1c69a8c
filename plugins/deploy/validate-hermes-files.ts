/** The bodies of the `hermes-config` and `hermes-cron` validators (register-validators.ts loads them when a file is checked). */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { readTextFile, type YamlSource } from '../../core/config/yaml-source.js'
import type { ValidatorResult } from '../../core/plugin.js'
import type { HermesService } from '../hermes/types.js'
import { checkConfigYaml } from './check-config-yaml.js'
import { documentedVars } from './overlay.js'

/** config/config.yaml, its `${VAR}`s checked against the env.example beside it. */
export function validateHermesConfig(hermes: HermesService, source: YamlSource): ValidatorResult {
  const env = join(dirname(resolve(source.file)), 'env.example')
  const documented = existsSync(env) ? documentedVars(readTextFile(env)) : new Set<string>()
  return { warnings: checkConfigYaml(hermes, source, documented, 'config/env.example') }
}

/** config/cron.yaml, read the way a deploy reads it. */
export function validateHermesCron(hermes: HermesService, source: YamlSource): void {
  if (source.value != null) hermes.cron.readCronYaml(source)
}
