import type { Expr } from '../expression.js'
import { ExpressionError } from './expression-error.js'
import { ROOTS } from './roots.js'
import type { TokenCursor } from './token-cursor.js'
import type { Tok } from './tokenize.js'

/** A path from its root name on: `.name` and `[0]` / `['key']` steps. */
export function parsePath(cur: TokenCursor, t: Tok): Expr {
  if (!(ROOTS as readonly string[]).includes(t.v))
    throw new ExpressionError(`unknown name "${t.v}" (paths start with ${ROOTS.join(', ')})`, t.at)
  const keys: (string | number)[] = []
  for (;;) {
    if (cur.isOp('.')) {
      cur.next()
      const k = cur.next()
      if (k.k !== 'id') throw new ExpressionError('expected a name after "."', k.at)
      keys.push(k.v)
    } else if (cur.isOp('[')) {
      cur.next()
      const k = cur.next()
      if (k.k === 'num') keys.push(Number(k.v))
      else if (k.k === 'str') keys.push(k.v)
      else throw new ExpressionError('expected a number or a quoted key inside [ ]', k.at)
      cur.expect(']')
    } else break
  }
  return { t: 'path', root: t.v, keys, at: t.at }
}
