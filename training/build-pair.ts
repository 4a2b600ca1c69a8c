/** Turn one session read from a source into a raw pair with its provenance. */
import type { ConsentRegistry } from './consent.js'
import { contentHash } from './hash.js'
import type { ChatMessage, RawPair, RunLink, SessionRecord, ToolCallStep } from './types.js'

export const DEFAULT_LICENSE = 'CC-BY-SA-4.0'

/** Build the pair; `line` is its JSONL line (the messages serialised once, for the hash and the line). */
export function buildPair(
  s: SessionRecord,
  consent: ConsentRegistry,
  defaultLicense: string,
  run: RunLink | undefined,
): { pair: RawPair; line: string } {
  const c = consent.resolve(s)
  const messagesJson = JSON.stringify(s.messages)
  const pair: RawPair = {
    session_id: s.session_id,
    started_at: iso(s.started_at),
    ended_at: iso(s.ended_at),
    model_provider: s.provider,
    model_name: s.model,
    user_id: s.user_id ?? null,
    platform: s.platform ?? null,
    consent_level: c.level,
    consent: c.consent,
    license: s.license ?? c.license ?? defaultLicense,
    messages: s.messages,
    tool_call_trajectory: trajectoryOf(s.messages),
    source: s.source,
    content_hash: contentHash(messagesJson),
    timmy_run: run ?? null,
  }
  if (c.note) pair.consent_note = c.note
  const { messages: _, ...head } = pair
  const headJson = JSON.stringify(head)
  return { pair, line: `${headJson.slice(0, -1)},"messages":${messagesJson}}` }
}

function iso(t: number | null): string | null {
  if (t == null) return null
  const d = new Date(t * 1000)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/** The tool calls in order, with the size of each result; null when a tool_calls value is malformed. */
export function trajectoryOf(messages: readonly ChatMessage[]): ToolCallStep[] | null {
  const steps: ToolCallStep[] = []
  const byId = new Map<string, ToolCallStep>()
  for (const m of messages) {
    if (m.tool_calls !== undefined) {
      if (!Array.isArray(m.tool_calls)) return null
      for (const c of m.tool_calls) {
        const fn = c as { id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null
        if (!fn?.function) return null
        const step: ToolCallStep = {
          name: String(fn.function.name),
          arguments:
            typeof fn.function.arguments === 'string'
              ? fn.function.arguments
              : JSON.stringify(fn.function.arguments),
        }
        if (typeof fn.id === 'string') {
          step.id = fn.id
          byId.set(fn.id, step)
        }
        steps.push(step)
      }
    } else if (m.role === 'tool' && typeof m.tool_call_id === 'string') {
      const step = byId.get(m.tool_call_id)
      if (step)
        step.result_chars =
          typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content ?? '').length
    }
  }
  return steps
}
