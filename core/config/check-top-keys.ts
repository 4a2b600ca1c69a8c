/**
 * Top-level config keys the schema does not know. The loader sets them aside (they may be a plugin's
 * old section, which only the host knows once plugins are found); the host refuses them at boot:
 * a key some plugin declares as `movedFrom` is TIMMY_ERR_CONFIG_KEY_MOVED naming
 * `pluginOptions.<plugin>`, any other TIMMY_ERR_CONFIG_UNKNOWN_KEY with a did-you-mean.
 */
import { didYouMean } from '../did-you-mean.js'
import { E, type SourceLoc } from '../errors.js'
import { ConfigSchema } from './schema.js'

export interface UnknownTopKey {
  key: string
  suggestion?: string
  loc: SourceLoc
}

/** Split a raw config into the keys the schema knows and the unknown ones (in file order). */
export function splitTopKeys(
  raw: Record<string, unknown>,
  locate: (path: readonly (string | number)[], at?: 'key' | 'value') => SourceLoc,
): { known: Record<string, unknown>; unknownKeys: UnknownTopKey[] } {
  const names = Object.keys(ConfigSchema.properties)
  const known: Record<string, unknown> = {}
  const unknownKeys: UnknownTopKey[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (names.includes(key)) {
      known[key] = value
      continue
    }
    const suggestion = didYouMean(key, names)
    unknownKeys.push({ key, ...(suggestion ? { suggestion } : {}), loc: locate([key], 'key') })
  }
  return { known, unknownKeys }
}

/** Throw for the first unknown top-level key: moved (to the plugin named in `movedTo`) or unknown. */
export function checkTopKeys(
  unknownKeys: readonly UnknownTopKey[] | undefined,
  movedTo: ReadonlyMap<string, string>,
): void {
  const first = unknownKeys?.[0]
  if (!first) return
  const plugin = movedTo.get(first.key)
  if (plugin) throw E.CONFIG_KEY_MOVED({ key: first.key, plugin }, { loc: first.loc })
  throw E.CONFIG_UNKNOWN_KEY({ key: first.key, suggestion: first.suggestion }, { loc: first.loc })
}
