/**
 * Check the overlay's config.yaml: the Hermes schema (types, enums), no `_config_version` (Hermes
 * manages it), every `${VAR}` documented in env.example; unknown root keys come back as warnings.
 */
import { checkSchema } from '../../core/config/check-schema.js'
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { HermesService } from '../hermes/types.js'
import { E } from './errors.js'

export function checkConfigYaml(
  hermes: HermesService,
  source: YamlSource,
  documented: ReadonlySet<string>,
  docName: string,
): string[] {
  const value = source.value ?? {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw E.YAML_NOT_MAPPING(
      { found: Array.isArray(value) ? 'a list' : typeof value },
      { loc: source.locate([]) },
    )
  const warnings: string[] = []
  if ('_config_version' in value)
    throw E.DEPLOY_CONFIG_VERSION_SHIPPED(undefined, { loc: source.locate(['_config_version'], 'key') })
  checkSchema(hermes.configYaml.schema, value, { locate: source.locate })
  for (const key of Object.keys(value))
    if (!hermes.configYaml.knownRootKeys.has(key)) {
      const loc = source.locate([key], 'key')
      warnings.push(
        `${loc.file}:${loc.line}:${loc.col}: unknown Hermes root key "${key}" (Hermes ignores it)`,
      )
    }
  const lines = source.text.split(/\r?\n/)
  lines.forEach((line, i) => {
    if (/^\s*#/.test(line)) return
    for (const m of line.matchAll(/\$\{(?:env:)?([^}]*)\}/g)) {
      const name = m[1]!
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !documented.has(name))
        throw E.DEPLOY_UNDOCUMENTED_VAR(
          { name, doc: docName },
          { loc: { file: source.file, line: i + 1, col: (m.index ?? 0) + 1, source: line } },
        )
    }
  })
  return warnings
}
