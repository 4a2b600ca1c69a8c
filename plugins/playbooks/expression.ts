/**
 * The tiny, safe expression language of `if:` and `${{ … }}` in `with:` — no code is evaluated.
 * Paths start at a root (`steps`, `event`, `item`, `with`, `lane`, `run`): `steps.classify.output.kind`,
 * `event.issue.labels[0].name`. Operators: `== != < <= > >= && || !` (`a || b` gives a's value when a is
 * truthy, else b's: a default), `in` (list member, key or substring), parentheses; literals: 'text', "text", numbers, true, false, null.
 */

export type Expr =
  | { t: 'lit'; value: unknown }
  | { t: 'path'; root: string; keys: (string | number)[]; at: number }
  | { t: 'not'; e: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }

export const ROOTS = ['steps', 'event', 'item', 'with', 'lane', 'run'] as const

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

type Tok = { k: 'op' | 'id' | 'num' | 'str' | 'end'; v: string; at: number }

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '.', '[', ']']

function tokenize(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (op) {
      out.push({ k: 'op', v: op, at: i })
      i += op.length
    } else if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1)
      if (end < 0) throw new ExpressionError('unterminated string', i)
      out.push({ k: 'str', v: src.slice(i + 1, end), at: i })
      i = end + 1
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i))
      if (!m) throw new ExpressionError(`unexpected "${c}"`, i)
      out.push({ k: 'num', v: m[0], at: i })
      i += m[0].length
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(i))!
      out.push({ k: 'id', v: m[0], at: i })
      i += m[0].length
    } else throw new ExpressionError(`unexpected "${c}"`, i)
  }
  out.push({ k: 'end', v: '', at: src.length })
  return out
}

/** Parse an expression; throws ExpressionError with the offset of the problem. */
export function parseExpression(src: string): Expr {
  const toks = tokenize(src)
  let p = 0
  const peek = () => toks[p]!
  const next = () => toks[p++]!
  const isOp = (v: string) => peek().k === 'op' && peek().v === v
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}"`, peek().at)
    next()
  }
  const or = (): Expr => {
    let l = and()
    while (isOp('||')) {
      next()
      l = { t: 'bin', op: '||', l, r: and() }
    }
    return l
  }
  const and = (): Expr => {
    let l = not()
    while (isOp('&&')) {
      next()
      l = { t: 'bin', op: '&&', l, r: not() }
    }
    return l
  }
  const not = (): Expr => {
    if (isOp('!')) {
      next()
      return { t: 'not', e: not() }
    }
    return cmp()
  }
  const cmp = (): Expr => {
    const l = primary()
    const t = peek()
    if (
      (t.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) ||
      (t.k === 'id' && t.v === 'in')
    ) {
      next()
      return { t: 'bin', op: t.v, l, r: primary() }
    }
    return l
  }
  const primary = (): Expr => {
    const t = next()
    if (t.k === 'op' && t.v === '(') {
      const e = or()
      expect(')')
      return e
    }
    if (t.k === 'str') return { t: 'lit', value: t.v }
    if (t.k === 'num') return { t: 'lit', value: Number(t.v) }
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', value: t.v === 'true' }
      if (t.v === 'null') return { t: 'lit', value: null }
      if (!(ROOTS as readonly string[]).includes(t.v))
        throw new ExpressionError(`unknown name "${t.v}" (paths start with ${ROOTS.join(', ')})`, t.at)
      const keys: (string | number)[] = []
      for (;;) {
        if (isOp('.')) {
          next()
          const k = next()
          if (k.k !== 'id') throw new ExpressionError('expected a name after "."', k.at)
          keys.push(k.v)
        } else if (isOp('[')) {
          next()
          const k = next()
          if (k.k === 'num') keys.push(Number(k.v))
          else if (k.k === 'str') keys.push(k.v)
          else throw new ExpressionError('expected a number or a quoted key inside [ ]', k.at)
          expect(']')
        } else break
      }
      return { t: 'path', root: t.v, keys, at: t.at }
    }
    throw new ExpressionError(t.k === 'end' ? 'unexpected end of expression' : `unexpected "${t.v}"`, t.at)
  }
  const e = or()
  if (peek().k !== 'end') throw new ExpressionError(`unexpected "${peek().v}"`, peek().at)
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
