/**
 * The tiny, safe expression language of `if:` and `${{ … }}` in `with:` — no code is evaluated.
 * Paths start at a root (`steps`, `event`, `item`, `with`, `lane`, `run`): `steps.classify.output.kind`,
 * `event.issue.labels[0].name`. Operators: `== != < <= > >= && || !` (`a || b` gives a's value when a is
 * truthy, else b's: a default), `in` (list member, key or substring), parentheses; literals: 'text', "text", numbers, true, false, null.
 */
import { ExpressionError } from './expression/expression-error.js'
import { parseOr } from './expression/parse-operators.js'
import { createCursor } from './expression/token-cursor.js'
import { tokenize } from './expression/tokenize.js'

export type Expr =
  | { t: 'lit'; value: unknown }
  | { t: 'path'; root: string; keys: (string | number)[]; at: number }
  | { t: 'not'; e: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }

export { ExpressionError } from './expression/expression-error.js'
export { ROOTS } from './expression/roots.js'

/** Parse an expression; throws ExpressionError with the offset of the problem. */
export function parseExpression(src: string): Expr {
  const cur = createCursor(tokenize(src))
  const e = parseOr(cur)
  if (cur.peek().k !== 'end') throw new ExpressionError(`unexpected "${cur.peek().v}"`, cur.peek().at)
  return e
}

/** The step ids an expression reads (`steps.<id>…`), with their offsets. */
export function stepRefs(e: Expr, out: { id: string; at: number }[] = []): { id: string; at: number }[] {
  if (e.t === 'path' && e.root === 'steps' && typeof e.keys[0] === 'string')
    out.push({ id: e.keys[0], at: e.at })
  else if (e.t === 'not') stepRefs(e.e, out)
  else if (e.t === 'bin') {
    stepRefs(e.l, out)
    stepRefs(e.r, out)
  }
  return out
}

/** The step ids whose output an expression reads (`steps.<id>.output…`, or the whole `steps.<id>`). */
export function outputRefs(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.t === 'path' && e.root === 'steps' && typeof e.keys[0] === 'string') {
    if (e.keys.length === 1 || e.keys[1] === 'output') out.add(e.keys[0])
  } else if (e.t === 'not') outputRefs(e.e, out)
  else if (e.t === 'bin') {
    outputRefs(e.l, out)
    outputRefs(e.r, out)
  }
  return out
}

export function evaluate(e: Expr, scope: Record<string, unknown>): unknown {
  switch (e.t) {
    case 'lit':
      return e.value
    case 'path': {
      let v: unknown = scope[e.root]
      for (const k of e.keys) {
        if (v === null || v === undefined) return undefined
        v = (v as Record<string | number, unknown>)[k]
      }
      return v
    }
    case 'not':
      return !truthy(evaluate(e.e, scope))
    case 'bin': {
      // Like JavaScript: the deciding operand's value (`with.repo || 'all'` gives a default).
      if (e.op === '&&') {
        const l = evaluate(e.l, scope)
        return truthy(l) ? evaluate(e.r, scope) : l
      }
      if (e.op === '||') {
        const l = evaluate(e.l, scope)
        return truthy(l) ? l : evaluate(e.r, scope)
      }
      const l = evaluate(e.l, scope)
      const r = evaluate(e.r, scope)
      switch (e.op) {
        case '==':
          return same(l, r)
        case '!=':
          return !same(l, r)
        case 'in':
          if (Array.isArray(r)) return r.some((x) => same(x, l))
          if (typeof r === 'string') return typeof l === 'string' && r.includes(l)
          if (r && typeof r === 'object') return typeof l === 'string' && Object.hasOwn(r, l)
          return false
        default: {
          if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) return false
          const a = l as number | string
          const b = r as number | string
          return e.op === '<' ? a < b : e.op === '<=' ? a <= b : e.op === '>' ? a > b : a >= b
        }
      }
    }
  }
}

/** Empty lists and mappings are false, like empty strings and 0. */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0
  if (v && typeof v === 'object') return Object.keys(v).length > 0
  return Boolean(v)
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined) return a === b || (a ?? null) === (b ?? null)
  if (typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b)
  return false
}
