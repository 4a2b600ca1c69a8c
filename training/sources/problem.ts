import { readLines } from '../jsonl.js'
import type { SourceRef } from '../types.js'

/** A source item that could not be read as a session (counted by reason, never fatal). */
export interface SourceProblem {
  problem: 'bad_json' | 'too_large' | 'bad_shape' | 'trajectory_incomplete' | 'unreadable'
  source: SourceRef
}

export function isProblem(x: unknown): x is SourceProblem {
  return typeof x === 'object' && x !== null && 'problem' in x
}

/**
 * The parsed JSON value of each non-blank line of a JSONL file, with its source reference; lines that
 * are too long or not JSON come out as problems instead.
 */
export function* jsonLines<K extends SourceRef['kind']>(
  file: string,
  maxBytes: number,
  kind: K,
): Generator<{ row: unknown; source: SourceRef & { kind: K } } | SourceProblem> {
  for (const { text, line, tooLong } of readLines(file, maxBytes)) {
    const source = { kind, file, line } as SourceRef & { kind: K }
    if (tooLong) {
      yield { problem: 'too_large', source }
      continue
    }
    if (!text.trim()) continue
    try {
      yield { row: JSON.parse(text) as unknown, source }
    } catch {
      yield { problem: 'bad_json', source }
    }
  }
}
