/**
 * Which playbook-area kind a YAML file is, by its content (the schema it names, else its shape):
 * a playbook has a `steps:` list and an `on:` or `lane:`; lanes.yaml has `lanes:`; a fixture's
 * expect.yaml has only expectation keys (`stubs`, `triggered`, `outcome`, `steps` as a mapping …).
 */
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import type { YamlSource } from '../../core/config/yaml-source.js'

const EXPECT_KEYS = ['description', 'with', 'triggered', 'stubs', 'outcome', 'steps', 'effects', 'error']
const EXPECT_ONLY = ['triggered', 'stubs', 'outcome', 'effects', 'error']

export type PlaybookKind = 'playbook' | 'lanes' | 'expect'

export function looksLike(source: Pick<YamlSource, 'text' | 'value'>, kind: PlaybookKind): boolean {
  const hint = schemaHint(source)
  if (hint) return hint === kind
  const v = source.value
  if (!isMapping(v)) return false
  if (kind === 'lanes') return isMapping(v.lanes) && !('steps' in v)
  if (kind === 'playbook') return Array.isArray(v.steps) && ('on' in v || 'lane' in v)
  const keys = Object.keys(v)
  return (
    keys.length > 0 &&
    keys.every((k) => EXPECT_KEYS.includes(k)) &&
    keys.some((k) => EXPECT_ONLY.includes(k)) &&
    !Array.isArray(v.steps)
  )
}
