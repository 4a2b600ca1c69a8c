/** Check a lanes file (for `timmy validate`): its coded error, or warnings for lanes that load but look wrong. */
import type { YamlSource } from '../../core/config/yaml-source.js'
import { parseLanes } from './load-lanes.js'

export function validateLanes(source: YamlSource): { warnings: string[] } {
  const lanes = parseLanes(source)
  const warnings: string[] = []
  for (const l of lanes.values()) {
    if (l.toolsets.length === 0) warnings.push(`lane "${l.name}" has no toolsets`)
    if (l.provider && !l.model)
      warnings.push(
        `lane "${l.name}" names a provider but no model: Hermes takes --provider only with --model, so it is not passed`,
      )
  }
  return { warnings }
}
