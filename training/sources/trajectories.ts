/**
 * Read Hermes trajectories (`trajectory_samples.jsonl`, ShareGPT): `{conversations: [{from, value}],
 * timestamp, model, completed, metadata?}`. Turns map back to chat messages: `human` → user, `gpt` →
 * assistant (the `<think>` prefix dropped, `<tool_call>` blocks back to `tool_calls`), a `tool` turn's
 * `<tool_response>` blocks → one `tool` message each. A trajectory has no session id unless its
 * metadata carries one; such pairs are rejected by curate (no session, no data).
 */
import type { ChatMessage, SessionRecord } from '../types.js'
import { isProblem, jsonLines, type SourceProblem } from './problem.js'
import { isoSeconds } from './snapshots.js'
import { providerOfModel, str } from './state-db.js'

const ROLE: Record<string, string> = { system: 'system', human: 'user', gpt: 'assistant', tool: 'tool' }
const THINK = /^<think>[\s\S]*?<\/think>\n?/
const TOOL_CALL = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g
const TOOL_RESPONSE = /<tool_response>\s*([\s\S]*?)\s*<\/tool_response>/g

export function* readTrajectories(file: string, maxBytes: number): Generator<SessionRecord | SourceProblem> {
  for (const item of jsonLines(file, maxBytes, 'trajectory')) {
    if (isProblem(item)) {
      yield item
      continue
    }
    const { row, source } = item
    const r = row as Record<string, unknown>
    if (!r || typeof r !== 'object' || !Array.isArray(r.conversations)) {
      yield { problem: 'bad_shape', source }
      continue
    }
    if (r.completed === false) {
      yield { problem: 'trajectory_incomplete', source }
      continue
    }
    const meta = (r.metadata && typeof r.metadata === 'object' ? r.metadata : {}) as Record<string, unknown>
    const model = str(r.model)
    const at = isoSeconds(r.timestamp)
    yield {
      session_id: str(r.session_id) ?? str(meta.session_id),
      user_id: str(meta.user_id),
      platform: str(meta.source) ?? 'trajectory',
      started_at: at,
      ended_at: at,
      model,
      provider: providerOfModel(model),
      license: str(r.license) ?? str(meta.license),
      messages: conversationsToMessages(r.conversations as unknown[]),
      source,
    }
  }
}

export function conversationsToMessages(turns: unknown[]): ChatMessage[] {
  const out: ChatMessage[] = []
  let callNo = 0
  for (const t of turns) {
    const turn = (t && typeof t === 'object' ? t : {}) as { from?: unknown; value?: unknown }
    const from = typeof turn.from === 'string' ? turn.from : String(turn.from)
    const value = turn.value
    const role = ROLE[from] ?? from
    if (typeof value !== 'string') {
      out.push({ role, content: value })
      continue
    }
    if (role === 'assistant') {
      const body = value.replace(THINK, '')
      const calls: unknown[] = []
      let broken: string | undefined
      for (const m of body.matchAll(TOOL_CALL)) {
        try {
          const c = JSON.parse(m[1]!) as { name?: unknown; arguments?: unknown }
          calls.push({
            id: `call_${++callNo}`,
            type: 'function',
            function: {
              name: c.name,
              arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}),
            },
          })
        } catch {
          broken = m[1]
        }
      }
      const msg: ChatMessage = { role, content: body.replace(TOOL_CALL, '').trim() }
      if (broken !== undefined) msg.tool_calls = broken
      else if (calls.length) msg.tool_calls = calls
      out.push(msg)
    } else if (role === 'tool') {
      let any = false
      for (const m of value.matchAll(TOOL_RESPONSE)) {
        any = true
        try {
          const r = JSON.parse(m[1]!) as { tool_call_id?: unknown; name?: unknown; content?: unknown }
          const msg: ChatMessage = {
            role,
            content: typeof r.content === 'string' ? r.content : JSON.stringify(r.content ?? null),
          }
          if (typeof r.tool_call_id === 'string') msg.tool_call_id = r.tool_call_id
          if (typeof r.name === 'string') msg.name = r.name
          out.push(msg)
        } catch {
          out.push({ role, content: m[1] })
        }
      }
      if (!any) out.push({ role, content: value })
    } else out.push({ role, content: value })
  }
  return out
}
