/** The rules the triage service enforces: the rules file, else the inline `rules`, else the defaults for the lanes. */
import { resolve } from 'node:path'
import type { Static } from '@sinclair/typebox'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import { type CompiledRules, compileRules, compileRulesFile } from './compile-rules.js'
import { defaultRules } from './default-rules.js'
import type { TriageOptionsSchema } from './options.js'

export function compileServiceRules(
  options: Static<typeof TriageOptionsSchema>,
  laneNames: string[],
): CompiledRules {
  if (options.rulesFile)
    return compileRulesFile(
      loadYamlFile(resolve(options.rulesFile)),
      laneNames.length ? laneNames : undefined,
    )
  if (options.rules !== undefined)
    return compileRules(options.rules, laneNames.length ? { lanes: laneNames } : {})
  return compileRules(defaultRules(laneNames), laneNames.length ? { lanes: laneNames } : {})
}
