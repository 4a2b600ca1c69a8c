/** Where a JSON text stops being JSON (`file:line:col`), for a file JSON.parse refused. */
import { locAt } from '../../core/config/yaml-source.js'
import type { SourceLoc } from '../../core/errors.js'

export function locateJsonError(text: string, file: string, err: unknown): SourceLoc {
  let offset = firstBadOffset(text)
  if (offset < 0) offset = Number(/at position (\d+)/.exec((err as Error).message)?.[1] ?? -1)
  return offset < 0 ? { file } : locAt(text, file, offset)
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** The offset of the first character that is not valid JSON (the text's end when it stops early), or -1. */
function firstBadOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const ws = () => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++
  }
  const str = () => {
    if (text[i] !== '"') fail()
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail()
      if (text[i] === '\\') i++
    }
    i++
  }
  const list = (close: string, item: () => void) => {
    i++
    ws()
    if (text[i] !== close)
      for (;;) {
        item()
        ws()
        if (text[i] !== ',') break
        i++
        ws()
      }
    if (text[i] !== close) fail()
    i++
  }
  const entry = () => {
    str()
    ws()
    if (text[i] !== ':') fail()
    i++
    value()
  }
  function value(): void {
    ws()
    if (text[i] === '{') list('}', entry)
    else if (text[i] === '[') list(']', value)
    else if (text[i] === '"') str()
    else {
      LITERAL.lastIndex = i
      if (!LITERAL.test(text)) fail()
      i = LITERAL.lastIndex
    }
  }
  try {
    value()
    ws()
    return i < text.length ? i : -1
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : -1 // a RangeError: nested too deep
  }
}
