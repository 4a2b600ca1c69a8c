/**
 * A copy of a schema in which every object that does not say otherwise is closed
 * (`additionalProperties: false`). Plugin options are checked against it, so a misspelt key in
 * `pluginOptions.<plugin>` is an error with a did-you-mean even when the plugin's author left
 * `additionalProperties` out; a plugin opts out with `additionalProperties: true` (or a schema of its
 * own there). Maps (`Type.Record`, i.e. `patternProperties`) and the members of an intersection
 * (`allOf`, which must see each other's keys) stay as written.
 */
import type { TSchema } from '@sinclair/typebox'

export function closeSchema<S extends TSchema>(schema: S): S {
  return close(schema) as S
}

function close(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(close)
  if (!node || typeof node !== 'object') return node
  // spread keeps TypeBox's symbol keys ([Kind], [Optional]), which Value.Errors needs
  const s: Record<string | symbol, unknown> = { ...(node as Record<string | symbol, unknown>) }
  for (const key of ['properties', 'patternProperties'] as const) {
    if (s[key] && typeof s[key] === 'object') {
      s[key] = Object.fromEntries(Object.entries(s[key] as object).map(([k, v]) => [k, close(v)]))
    }
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'additionalProperties'] as const) {
    if (s[key] && typeof s[key] === 'object') s[key] = close(s[key])
  }
  if (s.type === 'object' && s.properties && !('additionalProperties' in s) && !s.patternProperties) {
    s.additionalProperties = false
  }
  return s
}
