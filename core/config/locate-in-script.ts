/**
 * Where a key of a TypeScript/JavaScript config (`timmy.config.ts`) is written, found in its text: the
 * object literal it default-exports (directly, through `defineConfig(…)`, or a `const` it names) is
 * walked by keys and list indices. A path that cannot be followed falls back to its nearest parent.
 */
import { locAt, type YamlSource } from './yaml-source.js'

type Tok = { v: string; at: number }

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(["'`])(?:\\[\s\S]|(?!\1)[^\\])*\1|[\w$]+|[\s\S]/g

export function locateInScript(text: string, file: string): YamlSource['locate'] {
  const toks: Tok[] = []
  for (const m of text.matchAll(TOKEN)) if (!/^(\s|\/[/*])/.test(m[0])) toks.push({ v: m[0], at: m.index })
  const root = findRoot(toks)
  return (path, where = 'value') => {
    if (root < 0) return { file }
    let [i, best] = [root, root]
    for (const [n, seg] of path.entries()) {
      const child = findChild(toks, i, seg)
      if (!child) break
      i = child.value
      best = where === 'key' && n === path.length - 1 ? (child.key ?? i) : i
    }
    return locAt(text, file, toks[best]!.at)
  }
}

/** The `{` of the exported object: `export default {`, `defineConfig({`, or `const config = {` it names. */
function findRoot(toks: Tok[]): number {
  const after = (a: string, b: string) => toks.findIndex((t, k) => t.v === a && toks[k + 1]?.v === b)
  let i = (after('export', 'default') + 1 || after('exports', '=') + 1) + 1
  for (let hops = 0; i > 1 && hops < 8 && toks[i]; hops++) {
    const v = toks[i]!.v
    if (v === '{') return i
    if (v === '(' || toks[i + 1]?.v === '(') i += v === '(' ? 1 : 2
    else if (!/^[\w$]+$/.test(v)) return -1
    else {
      const d = toks.findIndex((t, k) => t.v === v && /^(const|let|var)$/.test(toks[k - 1]?.v ?? ''))
      i = d < 0 ? -1 : toks.findIndex((t, k) => k > d && t.v === '=') + 1
    }
  }
  return -1
}

/** The key and value tokens of `seg` in the object or list that opens at `open`. */
function findChild(toks: Tok[], open: number, seg: string | number) {
  const list = toks[open]?.v === '['
  if (!list && toks[open]?.v !== '{') return undefined
  let [depth, index, start] = [0, 0, true]
  for (let k = open + 1; k < toks.length; k++) {
    const v = toks[k]!.v
    if (start && depth === 0 && list && index === seg) return { value: k }
    if (start && depth === 0 && !list && toks[k + 1]?.v === ':' && unquote(v) === String(seg))
      return { key: k, value: k + 2 }
    start = false
    if (/^[{[(]$/.test(v)) depth++
    else if (/^[}\])]$/.test(v) && depth-- === 0) return undefined
    else if (v === ',' && depth === 0) [index, start] = [index + 1, true]
  }
  return undefined
}

const unquote = (v: string) => v.replace(/^(["'`])(.*)\1$/s, '$2')
