/** Content hashes: the exact hash recorded with a pair, and the normalised text used for dedup. */
import { createHash } from 'node:crypto'
import { contentText } from './decode-content.js'
import type { ChatMessage } from './types.js'

/** `sha256:<hex>` of the messages as emitted (role, content, tool calls, tool ids). */
export function contentHash(messages: readonly ChatMessage[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(messages)).digest('hex')}`
}

/** The text of a conversation for dedup: role-tagged, lower-cased, whitespace collapsed. */
export function normalisedText(messages: readonly ChatMessage[]): string {
  let out = ''
  for (const m of messages) {
    if (m.role === 'system') continue
    out += `\n${m.role}: ${contentText(m.content)}`
    if (Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls as { function?: { name?: unknown; arguments?: unknown } }[]) {
        const args = c?.function?.arguments
        out += ` ${String(c?.function?.name)}(${typeof args === 'string' ? args : JSON.stringify(args)})`
      }
    }
  }
  return out.toLowerCase().replace(/\s+/g, ' ').trim()
}

/** Short hash of the normalised text for the exact-dedup set (128 bits, base64). */
export function normalisedHash(text: string): string {
  return createHash('md5').update(text).digest('base64')
}
