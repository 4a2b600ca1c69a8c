/**
 * Discover phase: find plugin modules (built-in `plugins/*`, drop-in `$TIMMY_HOME/plugins/<name>/`,
 * and modules listed in the config) and import them. Drop-in folders that other users could write
 * are refused. TypeScript drop-ins load through tsx's loader, only when one is present.
 */
import { existsSync, lstatSync, readdirSync, type Stats, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { E, reasonOf, type TimmyError } from './errors.js'
import { importDefault } from './import-module.js'
import { isPlugin, type LazyCommand, type Plugin } from './plugin.js'
import { registerSelfResolve } from './resolve-self.js'
import { unsafeReason } from './unsafe-reason.js'

export type PluginOrigin = 'builtin' | 'drop-in' | 'config' | 'inline'

export interface FoundPlugin {
  origin: PluginOrigin
  /** File the plugin came from (or `inline`). */
  source: string
  plugin: Plugin
  /** Options given inline in `plugins: [[module, options]]`. */
  inlineOptions?: Record<string, unknown>
}

const INDEX_NAMES = ['index.js', 'index.mjs', 'index.ts']

export function findIndex(folder: string): string | undefined {
  return INDEX_NAMES.map((name) => join(folder, name)).find((file) => existsSync(file))
}

/** A drop-in that was refused or failed to import: reported, never loaded; other commands go on. */
export interface RefusedPlugin {
  source: string
  error: TimmyError
}

/** Most files a drop-in folder may hold before it is refused (bounds the safety walk). */
const MAX_DROP_IN_ENTRIES = 5000

/** List the plugin entry files under `dir` (one folder each), built-in: no safety checks. */
export function listPluginFolders(dir: string): string[] {
  if (!existsSync(dir)) return []
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue
    const index = findIndex(join(dir, entry.name))
    if (index) files.push(index)
  }
  return files
}

/**
 * The drop-in folders of `$TIMMY_HOME/plugins`: a folder named in `disabled` is skipped before
 * anything of it is read; a symlinked folder, or one holding any file or folder that another user
 * could write (group- or world-writable, or owned by another user), is refused with a coded error.
 */
export function listDropIns(
  dir: string,
  disabled: readonly string[],
): { files: string[]; refused: RefusedPlugin[] } {
  const files: string[] = []
  const refused: RefusedPlugin[] = []
  if (!existsSync(dir)) return { files, refused }
  try {
    assertSafe(dir, lstatSync(dir))
  } catch (err) {
    return { files, refused: [{ source: dir, error: err as TimmyError }] }
  }
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_') || disabled.includes(entry.name)) continue
    const folder = join(dir, entry.name)
    if (entry.isSymbolicLink()) {
      const error = unsafe(folder, 'it is a symbolic link (copy the plugin folder in instead)')
      refused.push({ source: folder, error })
      continue
    }
    if (!entry.isDirectory()) continue
    try {
      assertTreeSafe(folder)
      const index = findIndex(folder)
      if (index) files.push(index)
    } catch (err) {
      refused.push({ source: folder, error: err as TimmyError })
    }
  }
  return { files, refused }
}

/** Every file and folder under `root` is safe, and none is a symbolic link; bounded. */
function assertTreeSafe(root: string): void {
  const pending = [root]
  let seen = 0
  while (pending.length > 0) {
    const path = pending.pop()!
    if (++seen > MAX_DROP_IN_ENTRIES) throw unsafe(root, `it holds more than ${MAX_DROP_IN_ENTRIES} files`)
    const st = lstatSync(path)
    // A symlink could point into a folder another user may write (and be swapped between the check
    // and the import): none is followed inside a drop-in.
    if (st.isSymbolicLink()) throw unsafe(path, 'it is a symbolic link (copy the file in instead)')
    assertSafe(path, st)
    if (st.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name))
  }
}

function assertSafe(path: string, st: Stats): void {
  const reason = unsafeReason(path, st)
  if (reason) throw unsafe(path, reason)
}

const unsafe = (path: string, reason: string) => E.PLUGIN_UNSAFE_FOLDER({ path, reason })
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) // no ICU collator

export async function importPlugin(file: string, origin: PluginOrigin): Promise<FoundPlugin> {
  let plugin: unknown
  if (origin !== 'builtin') registerSelfResolve() // a drop-in may `import … from 'timmy'`
  try {
    plugin = await importDefault(file, /\.m?ts$/.test(file) && origin !== 'builtin')
  } catch (err) {
    throw E.PLUGIN_LOAD_FAILED({ source: file, reason: reasonOf(err).split('\n')[0]! }, { cause: err })
  }
  if (!isPlugin(plugin)) {
    const reason =
      plugin && typeof plugin === 'object' && 'name' in plugin
        ? 'its default export needs a string name, a string version and a setup function'
        : 'it has no default export made with definePlugin()'
    throw E.PLUGIN_INVALID({ source: file, reason })
  }
  if (typeof plugin.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(plugin.name)) {
    const reason = `name ${JSON.stringify(plugin.name)} must be lowercase letters, digits, ".", "_" or "-"`
    throw E.PLUGIN_INVALID({ source: file, reason })
  }
  if (typeof plugin.version !== 'string' || typeof plugin.setup !== 'function')
    throw E.PLUGIN_INVALID({ source: file, reason: 'it needs a string version and a setup function' })
  for (const [name, c] of Object.entries((plugin.commands ?? {}) as Record<string, Partial<LazyCommand>>))
    if (!/^[a-z][a-z0-9-]*$/.test(name) || typeof c?.summary !== 'string' || typeof c.load !== 'function')
      throw E.PLUGIN_INVALID({
        source: file,
        reason: `command "${name}" needs a lower-case name, a string summary and a load function`,
      })
  return { origin, source: file, plugin }
}

/** Resolve a `plugins: [...]` entry of the config: a path (relative to the config file) or a package. */
export function resolvePluginRef(ref: string, configDir: string): string {
  if (ref.startsWith('.') || isAbsolute(ref)) {
    const path = resolve(configDir, ref)
    if (existsSync(path) && statSync(path).isDirectory()) {
      const index = findIndex(path)
      if (!index)
        throw E.PLUGIN_LOAD_FAILED({
          source: path,
          reason: 'the folder has no index.js, index.mjs or index.ts',
        })
      return index
    }
    return path
  }
  try {
    return createRequire(join(configDir, 'package.json')).resolve(ref)
  } catch (err) {
    throw E.PLUGIN_LOAD_FAILED({
      source: ref,
      reason: `cannot resolve it from ${configDir}: ${reasonOf(err).split('\n')[0]}`,
    })
  }
}
