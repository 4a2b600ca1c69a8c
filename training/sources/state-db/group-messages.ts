import { decodeContent } from '../../decode-content.js'
import type { ChatMessage } from '../../types.js'

/** Active messages grouped by session id, in their order. */
export function groupMessages(msgs: Record<string, unknown>[]): Map<unknown, ChatMessage[]> {
  const grouped = new Map<unknown, ChatMessage[]>()
  for (const m of msgs) {
    if (m.active === 0) continue
    const list = grouped.get(m.session_id)
    if (list) list.push(toMessage(m))
    else grouped.set(m.session_id, [toMessage(m)])
  }
  return grouped
}

function toMessage(m: Record<string, unknown>): ChatMessage {
  const msg: ChatMessage = { role: m.role as string, content: decodeContent(m.content) }
  if (m.tool_calls != null && m.tool_calls !== '') {
    try {
      msg.tool_calls = typeof m.tool_calls === 'string' ? JSON.parse(m.tool_calls) : m.tool_calls
    } catch {
      msg.tool_calls = m.tool_calls
    }
  }
  if (m.tool_call_id != null) msg.tool_call_id = m.tool_call_id as string
  if (m.tool_name != null) msg.name = m.tool_name as string
  return msg
}
