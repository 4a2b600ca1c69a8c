/**
 * Boot phase 2, validate: old top-level sections, duplicates, disabled plugins, options for no plugin,
 * dependency order, and each plugin's options against its schema (defaults applied, file:line:col).
 */
import { checkSchema } from '../config/check-schema.js'
import { checkTopKeys } from '../config/check-top-keys.js'
import { closeSchema } from '../config/close-schema.js'
import type { LoadedConfig } from '../config/load-config.js'
import { didYouMean } from '../did-you-mean.js'
import type { FoundPlugin } from '../discover-plugins.js'
import { E } from '../errors.js'
import { orderPlugins } from '../order-plugins.js'

export interface ResolvedPlugin {
  found: FoundPlugin
  options: Record<string, unknown>
}

export function validatePlugins(found: readonly FoundPlugin[], loaded: LoadedConfig): ResolvedPlugin[] {
  const { config } = loaded
  const movedTo = new Map<string, string>()
  // a plugin's options written at the top level (`budget: {…}`), or under the key they once had
  for (const f of found) movedTo.set(f.plugin.name, f.plugin.name)
  for (const f of found) if (f.plugin.movedFrom) movedTo.set(f.plugin.movedFrom, f.plugin.name)
  checkTopKeys(loaded.unknownKeys, movedTo)
  const byName = new Map<string, FoundPlugin>()
  for (const f of found) {
    if (config.disabledPlugins.includes(f.plugin.name)) continue
    const prior = byName.get(f.plugin.name)
    if (prior) throw E.PLUGIN_DUPLICATE({ name: f.plugin.name, first: prior.source, second: f.source })
    byName.set(f.plugin.name, f)
  }
  for (const key of Object.keys(config.pluginOptions)) {
    if (byName.has(key)) continue
    const loc = loaded.locate?.(['pluginOptions', key], 'key')
    throw E.PLUGIN_UNKNOWN_OPTIONS_KEY(
      { key, suggestion: didYouMean(key, byName.keys()) },
      loc ? { loc } : {},
    )
  }
  return orderPlugins([...byName.values()]).map((f) => ({ found: f, options: optionsOf(f, loaded) }))
}

function optionsOf(f: FoundPlugin, loaded: LoadedConfig): Record<string, unknown> {
  const name = f.plugin.name
  const given = { ...(f.inlineOptions ?? {}), ...(loaded.config.pluginOptions[name] ?? {}) }
  if (!f.plugin.options) return given
  return checkSchema(closeSchema(f.plugin.options), given, {
    makeError: (p) => {
      const loc = loaded.locate?.(
        ['pluginOptions', name, ...p.segments],
        p.kind === 'unknown-key' ? 'key' : 'value',
      )
      const expected =
        p.kind === 'unknown-key'
          ? `no key "${p.key}"${p.suggestion ? ` (did you mean "${p.suggestion}"?)` : ''}`
          : `${p.expected}, found ${p.found}`
      return E.PLUGIN_INVALID_OPTIONS({ plugin: name, path: p.path, expected }, loc ? { loc } : {})
    },
  }) as Record<string, unknown>
}
