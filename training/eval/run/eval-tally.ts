import type { EvalOutcome } from '../run-eval.js'

/** What one invocation counts as its cases run: asked, errors, the first error, and a budget stop. */
export interface EvalTally {
  asked: number
  errors: number
  firstError?: string | undefined
  stopped?: EvalOutcome['stopped']
}
