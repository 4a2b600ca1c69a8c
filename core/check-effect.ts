/**
 * Effect payload schemas: each handler's TypeBox schema (from the plugin's `effects.handles`),
 * compiled once on first use; every effect is checked before it is applied or planned.
 */
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { E } from './errors.js'
import type { Effect } from './hooks.js'

export interface EffectSchema {
  plugin: string
  schema: TSchema
  compiled?: ReturnType<typeof TypeCompiler.Compile>
}

/** Throws TIMMY_ERR_EFFECT_INVALID_PAYLOAD when `effect` does not match its handler's schema. */
export function checkEffect(effect: Effect, entry: EffectSchema | undefined): void {
  if (!entry) return
  entry.compiled ??= TypeCompiler.Compile(entry.schema)
  const compiled = entry.compiled
  if (compiled.Check(effect)) return
  const first = compiled.Errors(effect).First()
  throw E.EFFECT_INVALID_PAYLOAD({
    kind: String((effect as Effect).kind),
    plugin: entry.plugin,
    path: first?.path || '(the effect)',
    expected: first ? first.message.toLowerCase() : 'a valid payload',
  })
}
