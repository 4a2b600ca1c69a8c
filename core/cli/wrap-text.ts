/** Text wrapped to a width for help and line-oriented output (doctor). */

/**
 * Wrap each line to `width`; a continuation keeps the line's indent, and a "term   text" line (two
 * or more spaces after the term) hangs under its text.
 */
export function wrapText(text: string, width: number): string {
  const out: string[] = []
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line)
      continue
    }
    let hang = /^(\s*\S.*?\s{2,})\S/.exec(line)?.[1]?.length ?? /^\s*/.exec(line)![0].length
    if (hang > width / 2) hang = /^\s*/.exec(line)![0].length + 2
    const pad = ' '.repeat(hang)
    let current = line.slice(0, hang)
    let fresh = true
    for (const word of line.slice(hang).trim().split(/\s+/)) {
      if (!fresh && current.length + 1 + word.length > width) {
        out.push(current)
        current = pad + word
      } else current = fresh ? current + word : `${current} ${word}`
      fresh = false
    }
    out.push(current)
  }
  return out.join('\n')
}

/** `head` then `text` wrapped to `width`, continuation lines under the text's first column. */
export function hangingWrap(head: string, text: string, width: number | undefined): string {
  if (!width) return head + text
  const pad = head.length > width / 2 ? 4 : head.length
  const lines: string[] = []
  let current = head
  let fresh = true
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!fresh && current.length + 1 + word.length > width) {
      lines.push(current)
      current = ' '.repeat(pad) + word
    } else current = fresh ? current + word : `${current} ${word}`
    fresh = false
  }
  lines.push(current)
  return lines.join('\n')
}
