/**
 * Import a user module (config, drop-in plugin) and return its default export. TypeScript (and JavaScript
 * that imports timmy) is compiled with esbuild's transform (types stripped) and cached in
 * `<dir>/node_modules/.cache/timmy/`, keyed by content: a warm start pays a hash and an import. Relative imports
 * become absolute URLs; `from 'timmy'` becomes this running copy's public API. A module that imports other
 * TypeScript files, or has other bare imports and no node_modules beside it, loads through tsx's loader instead.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { selfUrl } from './resolve-self.js'

export async function importDefault(file: string, viaTs = compiles(file)): Promise<unknown> {
  let mod: { default?: unknown }
  if (viaTs) {
    const cached = compileCached(file)
    if (cached) mod = (await import(pathToFileURL(cached).href)) as { default?: unknown }
    else {
      const { tsImport } = await import('tsx/esm/api')
      mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown }
    }
  } else {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown }
  }
  let value = mod.default
  // A TypeScript file compiled as CommonJS (by tsx) arrives as { __esModule, default }.
  if (value && typeof value === 'object' && '__esModule' in value && 'default' in value) {
    value = (value as { default: unknown }).default
  }
  return value
}

const BARE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](?!node:|file:|\.{1,2}\/|\/)[^"']+["']/
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g

/** `import … from 'timmy'` in a drop-in: this running copy's public API (no node_modules needed). */
const SELF = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(?:timmy|@timmy-fleet\/timmy)\2/g

/** TypeScript, and JavaScript that imports timmy (so `from 'timmy'` is this copy, never a node_modules up the tree). */
const compiles = (file: string) =>
  /\.[mc]?ts$/.test(file) || (/\.m?js$/.test(file) && readFileSync(file, 'utf8').search(SELF) >= 0)

/** Files being compiled (an import cycle between TypeScript files goes through tsx instead). */
const compiling = new Set<string>()

/** The TypeScript file a relative specifier means (`./x.js` written for `./x.ts`), if any. */
function tsTarget(target: string): string | undefined {
  if (/\.[mc]?ts$/.test(target)) return target
  const ts = target.replace(/\.[mc]?js$/, '.ts')
  return ts !== target && !existsSync(target) && existsSync(ts) ? ts : undefined
}

/**
 * The path of a cached ESM build of `file`, or undefined when it must go through tsx. The TypeScript
 * files it imports by relative path (a lazily loaded command module, say) are built the same way.
 */
export function compileCached(file: string): string | undefined {
  const dir = dirname(file)
  const modules = join(dir, 'node_modules')
  const source = readFileSync(file, 'utf8')
  const built = new Map<string, string>()
  compiling.add(file)
  try {
    for (const m of source.matchAll(SPECIFIER)) {
      const ts = tsTarget(resolve(dir, m[3]!))
      if (!ts || built.has(m[3]!)) continue
      const out = compiling.has(ts) ? undefined : compileCached(ts)
      if (!out) return undefined
      built.set(m[3]!, out)
    }
  } finally {
    compiling.delete(file)
  }
  const key = createHash('sha256')
    .update('v4\0')
    .update(selfUrl())
    .update('\0')
    .update(file)
    .update('\0')
    .update(source)
    .update([...built.values()].join('\0'))
    .digest('hex')
    .slice(0, 24)
  // Beside node_modules, bare imports resolve as they would from the file; elsewhere only a module
  // without bare imports can be cached (in a private temp folder).
  const anchored = existsSync(modules)
  const cacheDir = anchored
    ? join(modules, '.cache', 'timmy')
    : join(tmpdir(), `timmy-ts-cache-${process.getuid?.() ?? 'u'}`)
  const out = join(cacheDir, `${key}.mjs`)
  if (!anchored && !privateFolder(cacheDir)) return undefined
  if (existsSync(out)) return out
  let code: string
  try {
    // esbuild is loaded only on a cache miss.
    const esbuild = loadEsbuild()
    code = esbuild.transformSync(source, {
      loader: /\.m?js$/.test(file) ? 'js' : 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: file,
    }).code
  } catch {
    return undefined // let tsx report the syntax error in its own words
  }
  let needsTsx = false
  code = code.replace(SPECIFIER, (_m, lead: string, quote: string, spec: string) => {
    const target = built.get(spec) ?? resolve(dir, spec)
    if (!built.has(spec) && tsTarget(target)) needsTsx = true
    return `${lead}${quote}${pathToFileURL(target).href}${quote}`
  })
  code = code.replace(SELF, (_m, lead: string, quote: string) => `${lead}${quote}${selfUrl()}${quote}`)
  // `new URL('./steps.js', import.meta.url)` must resolve beside the source, not the cache.
  code = code.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(file).href))
  if (!anchored && BARE.test(code)) needsTsx = true
  if (needsTsx) return undefined
  try {
    mkdirSync(dirname(out), { recursive: true, mode: 0o700 })
    const tmp = `${out}.${process.pid}.tmp`
    writeFileSync(tmp, code)
    renameSync(tmp, out)
    return out
  } catch {
    return undefined
  }
}

function loadEsbuild(): typeof import('esbuild') {
  // Loaded on a cache miss only: it stays out of the start-up path of every command.
  return createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
}

/** A shared temp folder is used only if it is ours and closed to others (nobody can plant a module). */
function privateFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const st = statSync(dir)
    return st.uid === (process.getuid?.() ?? st.uid) && (st.mode & 0o077) === 0
  } catch {
    return false
  }
}
