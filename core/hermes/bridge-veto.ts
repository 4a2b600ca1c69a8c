/**
 * How `timmy serve` decides a veto for a Hermes `pre_tool_call` / `pre_llm_call`: it asks, lazily, each
 * service that implements `HermesVetoService` (the `budget` service, and a `policy` service if one is
 * loaded). The first `veto: true` wins. A service may also add `context` (e.g. "80 % of the budget
 * used"), which goes back to Hermes on `pre_llm_call`.
 *
 * The budget plugin implements this on its `budget` service (plugins/budget/service.ts `checkVeto`):
 * a Hermes session is charged against the global budgets, `reservedTokens` counted as spent; an
 * exempt model is never vetoed.
 */
import type { HermesEvent } from '../hooks.js'

export interface VetoQuery {
  event: HermesEvent
  /** `session_id` of the event (or `parent_session_id`). */
  sessionId?: string
  /** The tool Hermes is about to call (`pre_tool_call`). */
  toolName?: string
  /**
   * Tokens this session has in flight: API calls Hermes announced (`pre_api_request`:
   * `approx_input_tokens + max_tokens`) whose `post_api_request` has not arrived yet. Count them as
   * spent, so a long session cannot overrun its budget between two checks.
   */
  reservedTokens: number
}

export interface VetoDecision {
  veto: boolean
  /** Why (shown to the agent and logged); required when `veto` is true. */
  reason?: string
  /** Extra context for `pre_llm_call` (ignored for other hooks). */
  context?: string
}

export interface HermesVetoService {
  checkVeto(query: VetoQuery): VetoDecision | Promise<VetoDecision>
}

/** Services the bridge asks, in this order. */
export const VETO_SERVICES = ['policy', 'budget'] as const

export function isVetoService(value: unknown): value is HermesVetoService {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as HermesVetoService).checkVeto === 'function'
  )
}
