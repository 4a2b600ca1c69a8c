/**
 * A cheap scan, before the YAML parser runs, that refuses nesting deeper than `MAX_YAML_DEPTH`
 * (block indentation levels, compact `- - -` entries and flow brackets together): the parser and
 * everything after it recurse per level, and absurd depth must be bad input, never a crash.
 * Conservative by design: it may count a block scalar's deeper lines as levels, never fewer.
 */
export const MAX_YAML_DEPTH = 64

/** The 0-based offset where nesting first passes `limit`, or -1. */
export function findTooDeep(text: string, limit = MAX_YAML_DEPTH): number {
  const indents: number[] = []
  let flow = 0
  let quote: '"' | "'" | undefined
  let lineStart = true
  let indent = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\n') {
      lineStart = true
      indent = 0
      if (flow === 0) quote = undefined
      continue
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = undefined
      continue
    }
    if (lineStart) {
      if (c === ' ') {
        indent++
        continue
      }
      lineStart = false
      if (c === '#' || c === '\r') continue
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! > indent) indents.pop()
        if (indents.length === 0 || indents[indents.length - 1]! < indent) indents.push(indent)
      }
      // compact entries: every "- " or "? " at the start of a line's content opens a level
      let j = i
      let compact = 0
      while ((text[j] === '-' || text[j] === '?') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        compact++
        j += 2
        while (text[j] === ' ') j++
      }
      if (indents.length + compact > limit) return i
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i)
      if (end === -1) break
      i = end - 1
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === '[' || c === '{') {
      flow++
      if (indents.length + flow > limit) return i
    } else if ((c === ']' || c === '}') && flow > 0) flow--
  }
  return -1
}
