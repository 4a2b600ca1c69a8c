/**
 * The suite hash: sha256 of the suite's name and its cases as asked (id, category, messages with the
 * system prompt, reference, scorers), held-out pairs included. Runs with the same hash asked the same
 * questions and scored them the same way, so their pass rates compare; editing any case makes a new hash.
 */
import { createHash } from 'node:crypto'
import type { EvalCase } from './suite-schema.js'

export function hashSuite(name: string, cases: readonly EvalCase[]): string {
  const h = createHash('sha256')
  h.update(JSON.stringify(name))
  for (const c of cases)
    h.update(`\n${JSON.stringify([c.id, c.category, c.messages, c.reference ?? null, c.expect])}`)
  return `sha256:${h.digest('hex')}`
}
