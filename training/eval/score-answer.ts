/**
 * Score one answer against a case's scorers. A case passes when every scorer passes; its score is the
 * mean of the scorers' scores (1 or 0, similarity its ROUGE-L F1), used to rank the worst cases.
 */
import { checkJsonShape } from './check-json-shape.js'
import { isRefusal } from './detect-refusal.js'
import type { EvalPolicy } from './eval-policy.js'
import { bannedProviderIn } from './score-banned.js'
import { rougeL } from './similarity.js'
import type { EvalCase, ScorerSpec } from './suite-schema.js'

export interface ScoreContext {
  policy: EvalPolicy
}

export interface AnswerScore {
  pass: boolean
  score: number
  /** One line per failed scorer: `<scorer>: <why>`. */
  failures: string[]
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v])

/** One scorer: [score 0..1, why it failed or undefined]. */
function scoreOne(spec: ScorerSpec, answer: string, c: EvalCase, ctx: ScoreContext): [number, string?] {
  const lower = answer.toLowerCase()
  if (spec.contains !== undefined) {
    const missing = list(spec.contains).filter((t) => !lower.includes(t.toLowerCase()))
    return missing.length ? [0, `contains: missing ${missing.map((t) => JSON.stringify(t)).join(', ')}`] : [1]
  }
  if (spec['not-contains'] !== undefined) {
    const found = list(spec['not-contains']).filter((t) => lower.includes(t.toLowerCase()))
    return found.length ? [0, `not-contains: found ${found.map((t) => JSON.stringify(t)).join(', ')}`] : [1]
  }
  if (spec.regex !== undefined)
    return new RegExp(spec.regex, 'i').test(answer) ? [1] : [0, `regex: /${spec.regex}/ does not match`]
  if (spec['not-regex'] !== undefined)
    return new RegExp(spec['not-regex'], 'i').test(answer)
      ? [0, `not-regex: /${spec['not-regex']}/ matches`]
      : [1]
  if (spec.json !== undefined) {
    const why = checkJsonShape(answer, spec.json)
    return why ? [0, `json: ${why}`] : [1]
  }
  if (spec.refusal !== undefined) {
    const refused = isRefusal(answer)
    if (refused === spec.refusal) return [1]
    return [0, spec.refusal ? 'refusal: the answer does not refuse' : 'refusal: the answer refuses']
  }
  if (spec['banned-provider'] !== undefined) {
    if (!spec['banned-provider']) return [1]
    const why = bannedProviderIn(answer, ctx.policy)
    return why ? [0, `banned-provider: ${why}`] : [1]
  }
  if (spec.similarity !== undefined) {
    const s = rougeL(answer, c.reference ?? '')
    return s >= spec.similarity.min
      ? [s]
      : [s, `similarity: ROUGE-L ${s.toFixed(2)} below ${spec.similarity.min}`]
  }
  return [1]
}

export function scoreAnswer(c: EvalCase, answer: string, ctx: ScoreContext): AnswerScore {
  const failures: string[] = []
  let sum = 0
  for (const spec of c.expect) {
    const [score, why] = scoreOne(spec, answer, c, ctx)
    sum += score
    if (why) failures.push(why)
  }
  return { pass: failures.length === 0, score: c.expect.length ? sum / c.expect.length : 1, failures }
}
