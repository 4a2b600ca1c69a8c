/**
 * The budget plugin's steps (run in worker threads, over plain data, with no database).
 *
 * `budget/reserve` holds a run's worst-case spend before the steps that spend it. A worker cannot
 * take the store's write lock, so the reservation is made on the main thread by the plugin's
 * `beforeStep` tap, which sees `use: budget/reserve` and reserves `with: { tokens, cost }` (or the
 * step's `estimate`, or the playbook's `budget`) against every budget that applies, in one
 * BEGIN IMMEDIATE transaction. If a budget would be exceeded the tap vetoes this step and every later
 * step of the run. When the step itself runs, the reservation is already held: it only reports it.
 * Later steps' usage draws the run-level reservation down; the rest is released after the run.
 */

import { Type as T } from '@sinclair/typebox'

export interface ReserveInput {
  tokens?: number
  cost?: number
  model?: string
}

export async function reserve(
  input: unknown,
): Promise<{ output: { granted: true; reserved: { tokens: number; cost: number }; model?: string } }> {
  // The runner passes `{ with, event, item, … }`; a direct call may pass the parameters themselves.
  const raw = (input && typeof input === 'object' ? input : {}) as ReserveInput & { with?: ReserveInput }
  const i = raw.with && typeof raw.with === 'object' ? raw.with : raw
  const tokens = typeof i.tokens === 'number' && i.tokens >= 0 ? i.tokens : 0
  const cost = typeof i.cost === 'number' && i.cost >= 0 ? i.cost : 0
  // Reaching this step means the beforeStep tap held the reservation (or it would have vetoed).
  return { output: { granted: true, reserved: { tokens, cost }, ...(i.model ? { model: i.model } : {}) } }
}
reserve.inputs = T.Object(
  {
    tokens: T.Optional(
      T.Integer({ minimum: 0, description: 'tokens to hold (default: the estimate or the budget)' }),
    ),
    cost: T.Optional(T.Number({ minimum: 0, description: 'USD to hold' })),
    model: T.Optional(T.String()),
  },
  { additionalProperties: false },
)
reserve.outputs = T.Object({
  granted: T.Literal(true),
  reserved: T.Object({ tokens: T.Integer(), cost: T.Number() }),
  model: T.Optional(T.String()),
})
