import type { StepResult } from '../../../core/hooks.js'

/**
 * What an applied effect adds to its step: `output` fields (an agent's `text`, `verdict`), which later
 * steps read as `steps.<id>.output.*`, and `usage` (the agent's tokens; its handler already reported
 * them on the `usage` hook under the step's key, so the ledger counts them once). An answer with
 * `error: { code?, message }` fails the step (see failureOf).
 */
export function mergeAnswer(result: StepResult, answer: unknown): void {
  if (!answer || typeof answer !== 'object') return
  const { output, usage } = answer as { output?: unknown; usage?: StepResult['usage'] }
  if (output && typeof output === 'object' && !Array.isArray(output)) {
    const before = result.output && typeof result.output === 'object' ? result.output : {}
    result.output = { ...(before as Record<string, unknown>), ...(output as Record<string, unknown>) }
  }
  if (usage && typeof usage === 'object' && !result.usage) result.usage = usage
}
