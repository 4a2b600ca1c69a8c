import type { Expr } from '../expression.js'
import { ExpressionError } from './expression-error.js'
import { parsePath } from './parse-path.js'
import type { TokenCursor } from './token-cursor.js'

/** A parenthesised expression (parsed by `group`), a literal, or a path. */
export function parsePrimary(cur: TokenCursor, group: () => Expr): Expr {
  const t = cur.next()
  if (t.k === 'op' && t.v === '(') {
    const e = group()
    cur.expect(')')
    return e
  }
  if (t.k === 'str') return { t: 'lit', value: t.v }
  if (t.k === 'num') return { t: 'lit', value: Number(t.v) }
  if (t.k === 'id') {
    if (t.v === 'true' || t.v === 'false') return { t: 'lit', value: t.v === 'true' }
    if (t.v === 'null') return { t: 'lit', value: null }
    return parsePath(cur, t)
  }
  throw new ExpressionError(t.k === 'end' ? 'unexpected end of expression' : `unexpected "${t.v}"`, t.at)
}
