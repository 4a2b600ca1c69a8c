import { decodeContent } from '../../decode-content.js'
import type { ChatMessage } from '../../types.js'

/** A session's active `messages` rows (as the state.db reader gives them) in OpenAI chat form. */
export function toMessages(msgs: Record<string, unknown>[]): ChatMessage[] {
  return msgs.map(toMessage)
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
