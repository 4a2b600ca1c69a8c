/**
 * A playbook against its steps' declared contracts: `with:` keys and (literal) values against the
 * step's `inputs`, and `${{ steps.<id>.output.<path> }}` paths against the step's `outputs`. Steps
 * that declare nothing are not checked. Every problem is reported (not only the first).
 */
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { describe } from '../../core/config/check-schema.js'
import { didYouMean } from '../../core/did-you-mean.js'
import type { SourceLoc, TimmyError } from '../../core/errors.js'
import { E } from './errors.js'
import type { Expr } from './expression.js'

type Locate = (path: readonly (string | number)[], at?: 'key' | 'value') => SourceLoc
type S = Record<string, any>

const TEMPLATE = /\$\{\{/

/** Whether an object schema refuses keys it does not name. */
function closed(s: S): boolean {
  return (
    s.type === 'object' &&
    !s.patternProperties &&
    s.additionalProperties !== true &&
    typeof s.additionalProperties !== 'object'
  )
}

function hasTemplate(v: unknown): boolean {
  if (typeof v === 'string') return TEMPLATE.test(v)
  if (Array.isArray(v)) return v.some(hasTemplate)
  if (v && typeof v === 'object') return Object.values(v).some(hasTemplate)
  return false
}

/** `with:` of step `index` against its declared inputs. */
export function checkWith(
  use: string,
  inputs: TSchema,
  given: Record<string, unknown>,
  at: (string | number)[],
  locate: Locate,
  report: (e: TimmyError) => void,
): void {
  const s = inputs as S
  if (s.type !== 'object') return
  const props = (s.properties ?? {}) as Record<string, TSchema>
  const known = Object.keys(props)
  const suggested = new Set<string>()
  for (const [key, value] of Object.entries(given)) {
    const prop =
      props[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined)
    if (!prop) {
      const suggestion = didYouMean(key, known)
      if (suggestion) suggested.add(suggestion)
      if (closed(s))
        report(
          E.PLAYBOOK_UNKNOWN_INPUT(
            { step: use, key, known: known.join(', ') || '(none)', suggestion },
            { loc: locate([...at, 'with', key], 'key') },
          ),
        )
      continue
    }
    if (hasTemplate(value)) continue // rendered at run time, checked then
    const first = Value.Errors(prop, value).First()
    if (first)
      report(
        E.PLAYBOOK_BAD_INPUT(
          { step: use, key, expected: describe(prop), found: foundOf(value) },
          { loc: locate([...at, 'with', key, ...pointer(first.path)]) },
        ),
      )
  }
  for (const key of (s.required ?? []) as string[]) {
    // a misspelt key already said "did you mean" this one
    if (!(key in given) && !suggested.has(key))
      report(
        E.PLAYBOOK_MISSING_INPUT(
          { step: use, key, expected: describe(props[key]!) },
          { loc: locate(given && Object.keys(given).length ? [...at, 'with'] : [...at, 'use']) },
        ),
      )
  }
}

/** A rendered `with:` against the declared inputs at run time: the first problem, or undefined. */
export function inputProblem(
  use: string,
  inputs: TSchema,
  params: Record<string, unknown>,
): TimmyError | undefined {
  const first = Value.Errors(inputs, params).First()
  if (!first) return undefined
  const path = pointer(first.path)
  const key = path.length ? path.join('.') : '(with)'
  return E.PLAYBOOK_BAD_INPUT(
    { step: use, key, expected: describe(first.schema), found: foundOf(first.value) },
    { exitCode: 1 },
  )
}

/** Every `steps.<id>…` path in an expression, with its offset. */
export function stepPaths(e: Expr, out: { keys: (string | number)[]; at: number }[] = []) {
  if (e.t === 'path' && e.root === 'steps') out.push({ keys: e.keys, at: e.at })
  else if (e.t === 'not') stepPaths(e.e, out)
  else if (e.t === 'bin') {
    stepPaths(e.l, out)
    stepPaths(e.r, out)
  }
  return out
}

const STEP_FIELDS = ['output', 'outcome']

/**
 * A `steps.<id>.<field>.<path>` reference against the step's declared outputs: the problem, if any.
 * `outputsOf(id)` gives the declared schema (undefined: not declared, not checked).
 */
export function checkStepPath(
  keys: readonly (string | number)[],
  outputsOf: (id: string) => { use: string; outputs?: TSchema } | undefined,
  loc: SourceLoc,
): TimmyError | undefined {
  const [id, field, ...rest] = keys
  if (typeof id !== 'string' || field === undefined) return undefined
  const step = outputsOf(id)
  if (!step) return undefined // unknown ids are check-refs' business
  if (typeof field !== 'string' || !STEP_FIELDS.includes(field))
    return E.PLAYBOOK_BAD_OUTPUT_PATH(
      {
        path: `steps.${id}.${field}`,
        reason: `a step has ${STEP_FIELDS.join(' and ')}`,
        suggestion: didYouMean(String(field), STEP_FIELDS),
      },
      { loc },
    )
  if (field !== 'output' || !step.outputs) return undefined
  let s = step.outputs as S
  const walked: (string | number)[] = [id, 'output']
  for (const k of rest) {
    if (s.type === 'array' && typeof k === 'number' && s.items) s = s.items
    else if (s.type === 'object' && typeof k === 'string' && s.properties?.[k]) s = s.properties[k]
    else if (s.type === 'object' && closed(s) && s.properties) {
      const known = Object.keys(s.properties)
      return E.PLAYBOOK_BAD_OUTPUT_PATH(
        {
          path: `steps.${[...walked, k].join('.')}`,
          reason: `${step.use} declares ${walked.length > 2 ? `steps.${walked.join('.')}` : 'its output'} with ${known.join(', ')}`,
          suggestion: didYouMean(String(k), known),
        },
        { loc },
      )
    } else return undefined // not declared further (a record, unknown, a union)
    walked.push(k)
  }
  return undefined
}

function pointer(path: string): (string | number)[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

function foundOf(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`
}
