/**
 * `post_api_request`'s `usage` kwarg (per API call, FORMATS.md §8) → timmy's `UsageEvent`.
 * Hermes' canonical buckets: `input_tokens` excludes cache tokens; some providers report OpenAI-style
 * `prompt_tokens`/`completion_tokens` instead (prompt includes cache reads and writes).
 */
import type { UsageEvent } from '../../core/hooks.js'

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

export function usageFromHermes(kwargs: Record<string, unknown>, at: string): UsageEvent | undefined {
  const u = kwargs.usage
  if (!u || typeof u !== 'object') return undefined
  const usage = u as Record<string, unknown>
  const cacheRead = num(usage.cache_read_tokens)
  const cacheWrite = num(usage.cache_write_tokens)
  let input = num(usage.input_tokens)
  if (input === undefined && num(usage.prompt_tokens) !== undefined)
    input = Math.max(0, num(usage.prompt_tokens)! - (cacheRead ?? 0) - (cacheWrite ?? 0))
  const output = num(usage.output_tokens) ?? num(usage.completion_tokens)
  const cost = num(usage.actual_cost_usd) ?? num(usage.estimated_cost_usd)
  const event: UsageEvent = { source: 'hermes', at }
  const model = str(kwargs.response_model) ?? str(kwargs.model)
  if (model) event.model = model
  const provider = str(kwargs.provider)
  if (provider) event.provider = provider
  const sessionId = str(kwargs.session_id)
  if (sessionId) event.sessionId = sessionId
  if (input !== undefined) event.input_tokens = input
  if (output !== undefined) event.output_tokens = output
  if (cacheRead !== undefined) event.cache_read_tokens = cacheRead
  if (cacheWrite !== undefined) event.cache_write_tokens = cacheWrite
  const reasoning = num(usage.reasoning_tokens)
  if (reasoning !== undefined) event.reasoning_tokens = reasoning
  if (cost !== undefined) event.cost = cost
  const status = str(usage.cost_status)
  if (status) event.cost_status = status
  return event
}
