/** A reservation request from caller input: estimates checked (BUDGET_BAD_ESTIMATE), tokens rounded up, cost in micros. */

import type { ReserveInput } from './core.js'
import { E } from './errors.js'
import { toMicros } from './usage-record.js'

export function toRequest(input: ReserveInput) {
  for (const f of ['tokens', 'cost'] as const) {
    const v = input[f]
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      throw E.BUDGET_BAD_ESTIMATE({ reason: `${f} must be a number >= 0, found ${JSON.stringify(v)}` })
  }
  return {
    id: input.id ?? `res:${crypto.randomUUID()}`,
    tokens: Math.ceil(input.tokens ?? 0),
    costMicros: toMicros(input.cost) ?? 0,
    ...(input.playbook !== undefined ? { playbook: input.playbook } : {}),
    ...(input.lane !== undefined ? { lane: input.lane } : {}),
    ...(input.runId !== undefined ? { runId: input.runId } : {}),
    ...(input.stepId !== undefined ? { stepId: input.stepId } : {}),
  }
}
