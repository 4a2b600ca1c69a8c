/**
 * Read a YAML (or JSON) file into a value and keep its source positions, so that every later error
 * (syntax, schema, semantic) can point at `file:line:col` and show the line.
 */
import { readFileSync, statSync } from 'node:fs'
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import { E, type SourceLoc, TimmyError } from '../errors.js'
import { findTooDeep, MAX_YAML_DEPTH } from './check-yaml-depth.js'

/** Input files larger than this are refused before parsing (config, playbooks, skins, overlay files). */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024

export interface YamlSource {
  file: string
  text: string
  doc: Document.Parsed
  value: unknown
  /** Where a path into the value (keys and indices) came from; falls back to the nearest parent. */
  locate(path: readonly (string | number)[], at?: 'key' | 'value'): SourceLoc
}

export function readTextFile(file: string, limit = MAX_INPUT_BYTES): string {
  let size: number
  try {
    const st = statSync(file)
    if (st.isDirectory()) throw new Error('it is a directory')
    size = st.size
  } catch (err) {
    if (err instanceof TimmyError) throw err
    throw E.INPUT_UNREADABLE({ reason: (err as Error).message }, { loc: { file } })
  }
  if (size > limit) throw E.INPUT_TOO_LARGE({ size, limit }, { loc: { file } })
  const bytes = readFileSync(file)
  if (bytes.includes(0)) throw E.INPUT_BINARY(undefined, { loc: { file } })
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    throw E.INPUT_BINARY(undefined, { loc: { file } })
  }
}

export function loadYamlFile(file: string, options: { allowEmpty?: boolean } = {}): YamlSource {
  return parseYamlText(readTextFile(file), file, options)
}

export function parseYamlText(
  text: string,
  file: string,
  options: { allowEmpty?: boolean } = {},
): YamlSource {
  const lines = text.split(/\r?\n/)
  const lineCounter = new LineCounter()
  const at = (offset: number) => locAt(text, file, offset, lines)

  // YAML streams may hold only printable characters (YAML 1.2 §5.1): a raw control character is bad input.
  const control = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/.exec(text)
  if (control) {
    const loc = at(control.index)
    const hex = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()
    const reason = `non-printable character U+${hex}; write it as an escape ("\\u${hex}") inside double quotes`
    throw E.YAML_SYNTAX({ reason }, { loc })
  }
  const deep = findTooDeep(text)
  if (deep !== -1) throw E.YAML_TOO_DEEP({ limit: MAX_YAML_DEPTH }, { loc: at(deep) })
  let doc: Document.Parsed
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true })
  } catch (err) {
    // e.g. a stack overflow on absurdly deep nesting: still bad input, not a crash.
    if (err instanceof RangeError) throw E.YAML_TOO_DEEP({ limit: MAX_YAML_DEPTH }, { loc: at(0) })
    throw E.YAML_SYNTAX({ reason: `cannot parse (${(err as Error).message})` }, { loc: at(0) })
  }
  const first = doc.errors[0]
  if (first) {
    const loc = at(first.pos[0])
    const tabbed = /^\s*\t/.test(loc.source ?? '') || first.code === ('TAB_AS_INDENT' as string)
    if (tabbed) throw E.YAML_TABS(undefined, { loc: { ...loc, col: (loc.source ?? '').indexOf('\t') + 1 } })
    if (first.code === 'DUPLICATE_KEY') {
      const key = /"?([^"]+)"?/.exec(first.message.split('\n')[0] ?? '')?.[1] ?? '?'
      throw E.YAML_DUPLICATE_KEY({ key: keyFromLine(loc.source) ?? key }, { loc })
    }
    throw E.YAML_SYNTAX({ reason: first.message.split('\n')[0] ?? 'invalid YAML' }, { loc })
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    const msg = (err as Error).message
    if (/excessive alias/i.test(msg)) throw E.YAML_ALIAS_LIMIT(undefined, { loc: at(0) })
    throw E.YAML_SYNTAX({ reason: msg }, { loc: { file } })
  }
  if ((value === null || value === undefined) && !options.allowEmpty)
    throw E.YAML_EMPTY(undefined, { loc: { file } })

  const locate = (path: readonly (string | number)[], where: 'key' | 'value' = 'value'): SourceLoc => {
    let node: unknown = doc.contents
    let best: [number, number, number] | undefined = rangeOf(node)
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
        )
        if (!pair) break
        const keyRange = rangeOf(pair.key)
        node = pair.value
        best = where === 'key' && seg === path[path.length - 1] ? keyRange : (rangeOf(node) ?? keyRange)
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg]
        best = rangeOf(node) ?? best
      } else break
    }
    return at(best?.[0] ?? 0)
  }
  return { file, text, doc, value, locate }
}

/** The `file:line:col` (and the line) of a character offset into a text. */
export function locAt(text: string, file: string, offset: number, lines = text.split(/\r?\n/)): SourceLoc {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { file, line, col: offset - before.lastIndexOf('\n'), source: lines[line - 1] ?? '' }
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range
  return r ?? undefined
}

function keyFromLine(line: string | undefined): string | undefined {
  return line ? /^\s*(?:-\s+)?["']?([^"':]+)["']?\s*:/.exec(line)?.[1] : undefined
}
