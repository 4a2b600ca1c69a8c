import type { Expr } from '../expression.js'
import { parsePrimary } from './parse-primary.js'
import type { TokenCursor } from './token-cursor.js'

/** `a || b`, lowest precedence, left to right. */
export function parseOr(cur: TokenCursor): Expr {
  let l = parseAnd(cur)
  while (cur.isOp('||')) {
    cur.next()
    l = { t: 'bin', op: '||', l, r: parseAnd(cur) }
  }
  return l
}

/** `a && b`, left to right. */
function parseAnd(cur: TokenCursor): Expr {
  let l = parseNot(cur)
  while (cur.isOp('&&')) {
    cur.next()
    l = { t: 'bin', op: '&&', l, r: parseNot(cur) }
  }
  return l
}

/** `!a`, any number of times. */
function parseNot(cur: TokenCursor): Expr {
  if (cur.isOp('!')) {
    cur.next()
    return { t: 'not', e: parseNot(cur) }
  }
  return parseCmp(cur)
}

/** One comparison (`== != < <= > >=` or `in`) between two primaries, or a primary. */
function parseCmp(cur: TokenCursor): Expr {
  const group = () => parseOr(cur)
  const l = parsePrimary(cur, group)
  const t = cur.peek()
  if ((t.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) || (t.k === 'id' && t.v === 'in')) {
    cur.next()
    return { t: 'bin', op: t.v, l, r: parsePrimary(cur, group) }
  }
  return l
}
