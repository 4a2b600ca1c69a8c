/**
 * Check a value against a TypeBox schema; return it with defaults applied, or throw the first error (unknown
 * keys first, with a did-you-mean) coded, at its source (`file:line:col`), carrying every problem as `all`.
 */
import type { TSchema } from '@sinclair/typebox'
import { Value, type ValueError } from '@sinclair/typebox/value'
import { didYouMean } from '../did-you-mean.js'
import { E, type SourceLoc, type TimmyError } from '../errors.js'

export interface CheckOptions {
  /** Maps a path in the value to its source position. */
  locate?: (path: readonly (string | number)[], at?: 'key' | 'value') => SourceLoc
  /** Name of the thing checked, used as the location when there is no file. */
  label?: string
  /** Build the error (defaults to SCHEMA_UNKNOWN_KEY / SCHEMA_INVALID). */
  makeError?: (e: SchemaProblem) => TimmyError
}

export interface SchemaProblem {
  kind: 'unknown-key' | 'invalid'
  /** Dotted path, e.g. `server.port` or `steps[2].use`. */
  path: string
  segments: (string | number)[]
  key?: string
  suggestion?: string
  expected: string
  found: string
  loc?: SourceLoc
}

export function checkSchema<S extends TSchema>(schema: S, value: unknown, options: CheckOptions = {}) {
  const make = options.makeError ?? problemError
  const opaque = findOpaque(value, [])
  if (opaque) {
    const loc =
      options.locate?.(opaque.segments, 'value') ?? (options.label ? { file: options.label } : undefined)
    throw make({
      kind: 'invalid',
      path: dotted(opaque.segments),
      segments: opaque.segments,
      expected: 'plain data (text, numbers, booleans, lists, mappings)',
      found: opaque.found,
      loc,
    })
  }
  const filled = applyDefaults(schema, Value.Clone(value))
  const problem = firstProblem(schema, filled, options)
  if (problem) throw Object.assign(make(problem), { all: allProblems(schema, filled, options).map(make) })
  return filled as import('@sinclair/typebox').Static<S>
}

export function firstProblem(
  schema: TSchema,
  value: unknown,
  options: CheckOptions = {},
): SchemaProblem | undefined {
  const errors = [...Value.Errors(schema, value)]
  if (errors.length === 0) return undefined
  const unknown = errors.find((e) => e.type === 42 /* ObjectAdditionalProperties */)
  const e = unknown ?? errors.find((x) => x.type !== 62) ?? errors[0]!
  return toProblem(e, options)
}

/** Every problem, one per path (an unknown key, or the deepest error under a path), in document order. */
export function allProblems(schema: TSchema, value: unknown, options: CheckOptions = {}): SchemaProblem[] {
  const errors = [...Value.Errors(schema, value)]
  const seen = new Set<string>()
  const out: SchemaProblem[] = []
  for (const e of errors) {
    // a union's own error says less than a member's error below it
    if (e.type === 62 && errors.some((x) => x !== e && x.path.startsWith(`${e.path}/`))) continue
    const key = e.type === 42 ? `${e.path}#key` : e.path
    if (seen.has(key)) continue
    // a parent's error when a child has one (e.g. a missing property reported at both)
    seen.add(key)
    out.push(toProblem(e, options))
  }
  return out
}

function toProblem(e: ValueError, options: CheckOptions): SchemaProblem {
  const unknown = e.type === 42
  const segments = e.path
    .split('/')
    .slice(1)
    .map(unescapePointer)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
  const path = dotted(segments)
  const loc =
    options.locate?.(segments, unknown ? 'key' : 'value') ??
    (options.label ? { file: options.label } : undefined)
  if (unknown) {
    const key = String(segments[segments.length - 1])
    const known = Object.keys((e.schema as { properties?: object }).properties ?? {})
    return {
      kind: 'unknown-key',
      path,
      segments,
      key,
      suggestion: didYouMean(key, known),
      expected: known.length ? `one of ${known.join(', ')}` : 'no keys here',
      found: key,
      loc,
    }
  }
  return { kind: 'invalid', path, segments, expected: describe(e.schema), found: foundOf(e.value), loc }
}

/** A problem as the coded error `checkSchema` throws by default. */
export function problemError(p: SchemaProblem): TimmyError {
  const extra = p.loc ? { loc: p.loc } : {}
  if (p.kind === 'unknown-key') {
    const parent = dotted(p.segments.slice(0, -1))
    return E.SCHEMA_UNKNOWN_KEY({ key: p.key!, path: parent, suggestion: p.suggestion }, extra)
  }
  return E.SCHEMA_INVALID({ path: p.path || '(top level)', expected: p.expected, found: p.found }, extra)
}

export function dotted(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s),
    '',
  )
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~')
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
}

/** A short English description of what a schema accepts (its `errorMessage` if it has one). */
export function describe(schema: TSchema): string {
  const s = schema as Record<string, any>
  if (s.errorMessage) return s.errorMessage // a schema's own words for what it accepts
  const note = s.description ? ` (${s.description})` : ''
  if (Array.isArray(s.anyOf)) {
    if (s.anyOf.every((m: any) => 'const' in m))
      return `one of ${s.anyOf.map((m: any) => JSON.stringify(m.const)).join(', ')}${note}`
    return `${s.anyOf.map((m: TSchema) => describe(m)).join(' or ')}${note}`
  }
  if ('const' in s) return JSON.stringify(s.const)
  const bounds: string[] = []
  if (s.minimum !== undefined) bounds.push(`≥ ${s.minimum}`)
  if (s.maximum !== undefined) bounds.push(`≤ ${s.maximum}`)
  if (s.minLength !== undefined) bounds.push(`at least ${s.minLength} characters`)
  if (s.minItems !== undefined) bounds.push(`at least ${s.minItems} items`)
  if (s.pattern !== undefined) bounds.push(`matching /${s.pattern}/`)
  const base = TYPE_NAMES[s.type as string] ?? 'a valid value'
  return `${base}${bounds.length ? ` ${bounds.join(', ')}` : ''}${note}`
}

function foundOf(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  const text = JSON.stringify(v)
  return `${typeof v} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`
}

/**
 * Fill in schema defaults where a value is absent, and only there. (TypeBox's Value.Default also
 * "repairs" a value of the wrong type — a mapping where a list is expected becomes the default list —
 * which would hide the very error validation must report.)
 */
export function applyDefaults(schema: TSchema, value: unknown): unknown {
  const s = schema as Record<string, any>
  if (value === undefined) {
    if (!('default' in s)) return undefined
    value = structuredClone(s.default)
  }
  if (s.type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>
    for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, TSchema>)) {
      const next = applyDefaults(prop, obj[key])
      if (next !== undefined) obj[key] = next
    }
    const extra = (
      s.patternProperties
        ? Object.values(s.patternProperties)[0]
        : typeof s.additionalProperties === 'object'
          ? s.additionalProperties
          : undefined
    ) as TSchema | undefined
    if (extra) {
      for (const key of Object.keys(obj)) {
        if (s.properties && key in s.properties) continue
        obj[key] = applyDefaults(extra, obj[key]) ?? obj[key]
      }
    }
    return obj
  }
  if (s.type === 'array' && Array.isArray(value) && s.items && !Array.isArray(s.items)) {
    return value.map((item) => applyDefaults(s.items as TSchema, item) ?? item)
  }
  return value
}

/** The first value that is not plain data (a function, a class instance), which no schema can hold. */
function findOpaque(
  value: unknown,
  segments: (string | number)[],
  depth = 0,
): { segments: (string | number)[]; found: string } | undefined {
  if (typeof value === 'function') return { segments, found: 'a function' }
  if (typeof value === 'symbol' || typeof value === 'bigint') return { segments, found: `a ${typeof value}` }
  if (value === null || typeof value !== 'object' || depth > 64) return undefined
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findOpaque(v, [...segments, i], depth + 1)
      if (hit) return hit
    }
    return undefined
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null)
    return { segments, found: `an instance of ${proto?.constructor?.name ?? 'a class'}` }
  for (const [k, v] of Object.entries(value)) {
    const hit = findOpaque(v, [...segments, k], depth + 1)
    if (hit) return hit
  }
  return undefined
}
