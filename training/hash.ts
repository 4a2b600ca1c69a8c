/** Content hashes: the exact hash recorded with a pair, and the text used for dedup. */
import { createHash } from 'node:crypto'
import { contentText } from './decode-content.js'
import type { ChatMessage } from './types.js'

/** `sha256:<hex>` of the messages' JSON as emitted (role, content, tool calls, tool ids). */
export function contentHash(messagesJson: string): string {
  return `sha256:${createHash('sha256').update(messagesJson).digest('hex')}`
}

/**
 * The text of a conversation for dedup: role-tagged message text and tool calls, system turns left
 * out. Case, whitespace and punctuation are ignored later by the tokenizer (minhash.ts).
 */
export function dedupText(messages: readonly ChatMessage[]): string {
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
  return out
}
