/** The estimate a step reserves against the budgets. */
import type { StepContext } from '../../core/hooks.js'

/** `with: { tokens, cost }` of budget/reserve, else the step's `estimate`, else the playbook's `budget`. */
export function estimateOf(
  ctx: StepContext,
  runLevel: boolean,
): { tokens?: number; cost?: number; model?: string } | undefined {
  const input = (ctx.input && typeof ctx.input === 'object' ? ctx.input : {}) as Record<string, unknown>
  const model =
    typeof input.model === 'string' ? input.model : typeof ctx.model === 'string' ? ctx.model : undefined
  const pick = (o: unknown) => {
    if (!o || typeof o !== 'object') return undefined
    const { tokens, cost } = o as { tokens?: number; cost?: number }
    if (tokens === undefined && cost === undefined) return undefined
    return {
      ...(tokens !== undefined ? { tokens } : {}),
      ...(cost !== undefined ? { cost } : {}),
      ...(model ? { model } : {}),
    }
  }
  if (runLevel) return pick(input) ?? pick(ctx.estimate) ?? pick(ctx.budget) ?? undefined
  return pick(ctx.estimate)
}
