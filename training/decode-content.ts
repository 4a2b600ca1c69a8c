/** Hermes stores non-string message content (multimodal part lists) as the text `"\x00json:" + JSON`. */

const PREFIX = '\x00json:'

/** Decode one stored `content` value; a prefix whose JSON does not parse is returned as-is. */
export function decodeContent(stored: unknown): unknown {
  if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return stored
  try {
    return JSON.parse(stored.slice(PREFIX.length))
  } catch {
    return stored
  }
}

/** The text of a content value: strings as they are, part lists as their `text` parts joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    let out = ''
    for (const part of content) {
      if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string')
        out += (out ? '\n' : '') + (part as { text: string }).text
    }
    return out
  }
  return ''
}
