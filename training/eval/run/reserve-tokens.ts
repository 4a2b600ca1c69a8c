import type { EvalCase } from '../suite-schema.js'

/** A case's worst case: its prompt at about four characters a token plus the most the answer may take. */
export function reserveTokens(c: EvalCase, maxTokens: number): number {
  const chars = c.messages.reduce((n, m) => n + m.content.length, 0)
  return Math.ceil(chars / 4) + maxTokens
}
