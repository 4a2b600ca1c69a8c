/** What every skin check shares: the source, a coded failure at a path, and unknown-key warnings. */
import type { YamlSource } from '../../core/config/yaml-source.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { E } from './errors.js'

type SkinInvalid = ReturnType<typeof E.SKIN_INVALID>

export interface SkinChecker {
  source: YamlSource
  warnings: string[]
  /** TIMMY_ERR_SKIN_INVALID located at `path` (its value, or its key). */
  fail(path: (string | number)[], reason: string, at?: 'key' | 'value'): SkinInvalid
  /** Warn for each key of `obj` not in `known` (Hermes ignores it), with a did-you-mean. */
  warnUnknown(obj: Record<string, unknown>, known: readonly string[], where: string, path: string[]): void
}

export function createSkinChecker(source: YamlSource): SkinChecker {
  const warnings: string[] = []
  return {
    source,
    warnings,
    fail: (path, reason, at = 'value') => E.SKIN_INVALID({ reason }, { loc: source.locate(path, at) }),
    warnUnknown(obj, known, where, path) {
      for (const key of Object.keys(obj)) {
        if (known.includes(key)) continue
        const loc = source.locate([...path, key], 'key')
        const hint = didYouMean(key, known)
        warnings.push(
          `${loc.line}:${loc.col}: unknown ${where} key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; Hermes ignores it`,
        )
      }
    },
  }
}

/** A YAML mapping (not a list, not null). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** How a wrong value is shown in a message. */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing'
  if (Array.isArray(v)) return `a list of ${v.length}`
  if (typeof v === 'object') return 'a mapping'
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`
}
