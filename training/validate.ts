/** `timmy train validate`: every pair must have a non-null session id, licence and consent. */
import { existsSync } from 'node:fs'
import { E } from './errors.js'
import { readLines } from './jsonl.js'

export interface ValidateReport {
  ok: boolean
  total: number
  bad: number
  /** Count of pairs per problem (`no_session_id`, `no_license`, `no_consent`, `bad_json`). */
  problems: Record<string, number>
  /** The first few offending lines. */
  examples: { line: number; session_id: unknown; problems: string[] }[]
}

export function validatePairs(file: string, maxExamples = 20): ValidateReport {
  if (!existsSync(file)) throw E.TRAIN_INPUT_MISSING({ file, step: 'curate' })
  const report: ValidateReport = { ok: true, total: 0, bad: 0, problems: {}, examples: [] }
  for (const { text, line, tooLong } of readLines(file)) {
    if (!text && !tooLong) continue
    report.total++
    const problems: string[] = []
    let pair: Record<string, unknown> | undefined
    try {
      pair = tooLong ? undefined : JSON.parse(text)
    } catch {}
    if (!pair || typeof pair !== 'object') problems.push('bad_json')
    else {
      if (typeof pair.session_id !== 'string' || !pair.session_id) problems.push('no_session_id')
      if (typeof pair.license !== 'string' || !pair.license) problems.push('no_license')
      if (typeof pair.consent_level !== 'string' || !pair.consent_level || !pair.consent)
        problems.push('no_consent')
    }
    if (problems.length) {
      report.bad++
      for (const p of problems) report.problems[p] = (report.problems[p] ?? 0) + 1
      if (report.examples.length < maxExamples)
        report.examples.push({ line, session_id: pair?.session_id ?? null, problems })
    }
  }
  report.ok = report.bad === 0
  return report
}
