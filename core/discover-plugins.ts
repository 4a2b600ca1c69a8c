/**
 * Discover phase: find plugin modules (built-in `plugins/*`, drop-in `$TIMMY_HOME/plugins/<name>/`,
 * and modules listed in the config) and import them. Drop-in folders that other users could write
 * are refused. TypeScript drop-ins load through tsx's loader, only when one is present.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { E, reasonOf } from './errors.js'
import { importDefault } from './import-module.js'
import { isPlugin, type Plugin } from './plugin.js'

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
  for (const name of INDEX_NAMES) {
    const file = join(folder, name)
    if (existsSync(file)) return file
  }
  return undefined
}

/** List the plugin entry files under `dir` (one folder each). */
export function listPluginFolders(dir: string, checkSafety: boolean): string[] {
  if (!existsSync(dir)) return []
  if (checkSafety) assertSafe(dir)
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue
    const folder = join(dir, entry.name)
    if (checkSafety) assertSafe(folder)
    const index = findIndex(folder)
    if (index) {
      if (checkSafety) assertSafe(index)
      files.push(index)
    }
  }
  return files
}

function assertSafe(path: string): void {
  const st = statSync(path)
  if (st.mode & 0o002) throw E.PLUGIN_UNSAFE_FOLDER({ path, reason: 'it is writable by every user' })
  const uid = process.getuid?.()
  if (uid !== undefined && st.uid !== uid && st.uid !== 0) {
    throw E.PLUGIN_UNSAFE_FOLDER({
      path,
      reason: `it is owned by uid ${st.uid}, not by the user running timmy (${uid})`,
    })
  }
}

export async function importPlugin(file: string, origin: PluginOrigin): Promise<FoundPlugin> {
  let plugin: unknown
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
    throw E.PLUGIN_INVALID({
      source: file,
      reason: `name ${JSON.stringify(plugin.name)} must be lowercase letters, digits, ".", "_" or "-"`,
    })
  }
  if (typeof plugin.version !== 'string' || typeof plugin.setup !== 'function') {
    throw E.PLUGIN_INVALID({ source: file, reason: 'it needs a string version and a setup function' })
  }
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
