/**
 * The budget's answer to a Hermes `pre_tool_call` / `pre_llm_call` (the budget plugin taps the
 * `beforeToolCall` hook with it): a Hermes session is charged against the global budgets,
 * `reservedTokens` counted as spent; an exempt model is never vetoed.
 */
import type { ToolCallQuery } from '../../core/hooks.js'

/** What a veto check reads of a `beforeToolCall` query. */
export type VetoQuery = Omit<ToolCallQuery, 'addContext'>

export interface VetoDecision {
  veto: boolean
  /** Why (shown to the agent and logged); required when `veto` is true. */
  reason?: string
  /** Extra context for `pre_llm_call` (ignored for other hooks). */
  context?: string
}
