import { ExpressionError } from './expression-error.js'
import type { Tok } from './tokenize.js'

/** A cursor over the tokens: look, take, test for an operator, require one. */
export function createCursor(toks: Tok[]) {
  let p = 0
  const peek = () => toks[p]!
  const next = () => toks[p++]!
  const isOp = (v: string) => peek().k === 'op' && peek().v === v
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}"`, peek().at)
    next()
  }
  return { peek, next, isOp, expect }
}

export type TokenCursor = ReturnType<typeof createCursor>
