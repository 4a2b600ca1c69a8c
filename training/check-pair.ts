/**
 * Structural checks that reject malformed or poisoned pairs before anything else looks at them:
 * wrong types, absurd sizes, control characters (after ANSI colour codes are stripped), tool-call JSON
 * that does not parse, and pairs with no assistant turn to learn from.
 */
import type { ChatMessage } from './types.js'

export type RejectReason =
  | 'bad_types'
  | 'too_large'
  | 'control_chars'
  | 'tool_call_json'
  | 'no_assistant_turn'

export interface SizeLimits {
  maxMessages: number
  maxMessageChars: number
  maxPairChars: number
}

export const DEFAULT_LIMITS: SizeLimits = Object.freeze({
  maxMessages: 2000,
  maxMessageChars: 200_000,
  maxPairChars: 2_000_000,
})

const ROLES = new Set(['system', 'user', 'assistant', 'tool'])
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/

export function stripAnsi(s: string): string {
  return s.includes('\x1b') ? s.replace(ANSI, '') : s
}

/**
 * Check a pair's messages in place (ANSI codes are stripped from string content; `state.changed`
 * is set when that changed anything).
 */
export function checkMessages(
  messages: unknown,
  limits: SizeLimits = DEFAULT_LIMITS,
  state: { changed?: boolean } = {},
): RejectReason | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return 'bad_types'
  if (messages.length > limits.maxMessages) return 'too_large'
  let total = 0
  let learnable = false
  for (const m of messages as ChatMessage[]) {
    if (!m || typeof m !== 'object' || typeof m.role !== 'string' || !ROLES.has(m.role)) return 'bad_types'
    if (m.tool_call_id !== undefined && typeof m.tool_call_id !== 'string') return 'bad_types'
    if (m.name !== undefined && typeof m.name !== 'string') return 'bad_types'
    let size = 0
    if (typeof m.content === 'string') {
      const text = stripAnsi(m.content)
      if (text !== m.content) {
        m.content = text
        state.changed = true
      }
      if (CONTROL.test(text)) return 'control_chars'
      size = text.length
    } else if (Array.isArray(m.content)) {
      for (const part of m.content) {
        if (!part || typeof part !== 'object' || typeof (part as { type?: unknown }).type !== 'string')
          return 'bad_types'
        const text = (part as { text?: unknown }).text
        if (text !== undefined) {
          if (typeof text !== 'string') return 'bad_types'
          if (CONTROL.test(stripAnsi(text))) return 'control_chars'
        }
      }
      size = JSON.stringify(m.content).length
    } else if (m.content !== null && m.content !== undefined) return 'bad_types'
    if (m.tool_calls !== undefined) {
      if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) return 'tool_call_json'
      for (const c of m.tool_calls) {
        const fn = (c as { function?: { name?: unknown; arguments?: unknown } } | null)?.function
        if (!fn || typeof fn.name !== 'string' || !fn.name) return 'tool_call_json'
        if (typeof fn.arguments === 'string') {
          if (fn.arguments.length > limits.maxMessageChars) return 'too_large'
          try {
            const parsed = JSON.parse(fn.arguments || '{}')
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'tool_call_json'
          } catch {
            return 'tool_call_json'
          }
        } else if (!fn.arguments || typeof fn.arguments !== 'object') return 'tool_call_json'
      }
      if (m.tool_calls.length) learnable = true
    }
    if (size > limits.maxMessageChars) return 'too_large'
    total += size
    if (total > limits.maxPairChars) return 'too_large'
    if (m.role === 'assistant' && size > 0) learnable = true
  }
  return learnable ? undefined : 'no_assistant_turn'
}
