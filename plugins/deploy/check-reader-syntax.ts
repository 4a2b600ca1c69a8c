/**
 * Check an overlay file the way its reader will read it: Hermes loads YAML with PyYAML's `safe_load`
 * (an explicit tag it does not know, like `!custom` or `!!python/object`, fails the whole file) and
 * JSON with Python's `json` (strict: no trailing commas, no comments). The `yaml` package is lenient
 * on both, so these checks run after it, pointing at `file:line:col`.
 */
import { isNode, visit } from 'yaml'
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { SourceLoc } from '../../core/errors.js'
import { E } from './errors.js'

const CORE = 'tag:yaml.org,2002:'
/** The tags PyYAML's SafeLoader constructs. */
const SAFE_LOAD_TAGS = new Set(
  [
    'str',
    'int',
    'float',
    'bool',
    'null',
    'seq',
    'map',
    'timestamp',
    'binary',
    'set',
    'omap',
    'pairs',
    'merge',
  ].map((t) => CORE + t),
)

function locAt(file: string, text: string, offset: number): SourceLoc {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const col = offset - (before.lastIndexOf('\n') + 1) + 1
  return { file, line, col, source: text.split(/\r?\n/)[line - 1] ?? '' }
}

/** Refuse any explicit tag PyYAML `safe_load` would refuse. */
export function checkSafeLoadTags(source: YamlSource): void {
  visit(source.doc, (_key, node) => {
    if (!isNode(node) || !node.tag || SAFE_LOAD_TAGS.has(node.tag)) return
    const short = node.tag.startsWith(CORE) ? `!!${node.tag.slice(CORE.length)}` : node.tag
    const start = node.range?.[0] ?? 0
    const at = source.text.lastIndexOf(short, start)
    throw E.YAML_UNKNOWN_TAG({ tag: short }, { loc: locAt(source.file, source.text, at >= 0 ? at : start) })
  })
}

/** Parse `text` as strict JSON (Python's `json.loads`), with `file:line:col` on failure. */
export function checkStrictJson(text: string, file: string): void {
  try {
    JSON.parse(text)
  } catch (err) {
    const reason = (err as Error).message
    const pos = /at position (\d+)/.exec(reason)?.[1]
    const offset = pos === undefined ? text.trimEnd().length : Number(pos)
    throw E.JSON_SYNTAX(
      { reason: reason.replace(/ in JSON at position \d+.*$/, '') },
      { loc: locAt(file, text, offset) },
    )
  }
}
