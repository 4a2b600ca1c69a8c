import type { SourceRef } from '../types.js'

/** A source item that could not be read as a session (counted by reason, never fatal). */
export interface SourceProblem {
  problem: 'bad_json' | 'too_large' | 'bad_shape' | 'trajectory_incomplete' | 'unreadable'
  source: SourceRef
}

export function isProblem(x: unknown): x is SourceProblem {
  return typeof x === 'object' && x !== null && 'problem' in x
}
