/**
 * The two formats axolotl reads. `chat_template` (`{"messages": [{role, content, …}]}`, roles
 * system/user/assistant/tool; tool-call arguments as objects, as chat templates expect) and the
 * legacy `sharegpt` (`{"conversations": [{from, value}]}`, from system/human/gpt/tool, tool calls as
 * Hermes writes them: `<tool_call>` and `<tool_response>` blocks).
 */
import { contentText } from './decode-content.js'
import type { ChatMessage } from './types.js'

export const FORMATS = ['chat_template', 'sharegpt'] as const
export type ExportFormat = (typeof FORMATS)[number]

export const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool'])
export const SHAREGPT_ROLES = new Set(['system', 'human', 'gpt', 'tool'])

interface OutMessage {
  role: string
  content: string
  tool_calls?: { id?: string; type: 'function'; function: { name: string; arguments: unknown } }[]
  tool_call_id?: string
  name?: string
}

function parseArgs(a: unknown): unknown {
  if (typeof a !== 'string') return a ?? {}
  try {
    return JSON.parse(a || '{}')
  } catch {
    return a
  }
}

export function toChatTemplate(messages: readonly ChatMessage[]): { messages: OutMessage[] } {
  const out: OutMessage[] = []
  for (const m of messages) {
    const msg: OutMessage = { role: m.role, content: contentText(m.content) }
    if (Array.isArray(m.tool_calls) && m.tool_calls.length) {
      msg.tool_calls = (
        m.tool_calls as { id?: string; function: { name: string; arguments: unknown } }[]
      ).map((c) => ({
        ...(c.id ? { id: c.id } : {}),
        type: 'function' as const,
        function: { name: c.function.name, arguments: parseArgs(c.function.arguments) },
      }))
    }
    if (m.tool_call_id) msg.tool_call_id = m.tool_call_id
    if (m.role === 'tool' && m.name) msg.name = m.name
    out.push(msg)
  }
  return { messages: out }
}

export function toShareGpt(messages: readonly ChatMessage[]): {
  conversations: { from: string; value: string }[]
} {
  const out: { from: string; value: string }[] = []
  let pendingTool: string[] = []
  const flushTool = () => {
    if (pendingTool.length) out.push({ from: 'tool', value: pendingTool.join('\n') })
    pendingTool = []
  }
  for (const m of messages) {
    if (m.role === 'tool') {
      const content = contentText(m.content)
      let embedded: unknown = content
      try {
        embedded = JSON.parse(content)
      } catch {}
      pendingTool.push(
        `<tool_response>\n${JSON.stringify({ tool_call_id: m.tool_call_id ?? null, name: m.name ?? null, content: embedded })}\n</tool_response>`,
      )
      continue
    }
    flushTool()
    if (m.role === 'assistant') {
      let value = contentText(m.content)
      if (Array.isArray(m.tool_calls)) {
        for (const c of m.tool_calls as { function: { name: string; arguments: unknown } }[]) {
          const call = JSON.stringify({ name: c.function.name, arguments: parseArgs(c.function.arguments) })
          value += `${value ? '\n' : ''}<tool_call>\n${call}\n</tool_call>`
        }
      }
      out.push({ from: 'gpt', value })
    } else out.push({ from: m.role === 'user' ? 'human' : m.role, value: contentText(m.content) })
  }
  flushTool()
  return { conversations: out }
}
