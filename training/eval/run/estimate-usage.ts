import type { Usage } from '../../../core/index.js'
import type { EvalCase } from '../suite-schema.js'

/** When the endpoint reports no usage: about four characters a token, so budgets still count something. */
export function estimateUsage(c: EvalCase, answer: string): Usage {
  const chars = c.messages.reduce((n, m) => n + m.content.length, 0)
  return {
    input_tokens: Math.ceil(chars / 4),
    output_tokens: Math.ceil(answer.length / 4),
    cost_status: 'estimated',
  }
}
