/** Boot phase 1, discover: import the built-ins, the drop-ins (unsafe ones refused) and the config's plugins. */
import { dirname } from 'node:path'
import type { LoadedConfig } from '../config/load-config.js'
import {
  type FoundPlugin,
  importPlugin,
  listDropIns,
  listPluginFolders,
  type RefusedPlugin,
  resolvePluginRef,
} from '../discover-plugins.js'
import { TimmyError } from '../errors.js'
import type { Logger } from '../log.js'
import { builtinPluginsDir } from '../package-root.js'
import type { Plugin } from '../plugin.js'

export interface DiscoverOptions {
  builtins?: boolean
  dropIns?: boolean
  plugins?: Plugin[]
}

export async function discoverPlugins(
  options: DiscoverOptions,
  loaded: LoadedConfig,
  log: Logger,
): Promise<{ found: FoundPlugin[]; refused: RefusedPlugin[] }> {
  const { config, paths } = loaded
  const found: FoundPlugin[] = []
  if (options.builtins !== false)
    for (const file of listPluginFolders(builtinPluginsDir())) found.push(await importPlugin(file, 'builtin'))
  const refused: RefusedPlugin[] = []
  if (options.dropIns !== false) {
    const dropIns = listDropIns(paths.plugins, config.disabledPlugins)
    refused.push(...dropIns.refused)
    for (const file of dropIns.files) {
      try {
        found.push(await importPlugin(file, 'drop-in'))
      } catch (err) {
        if (!(err instanceof TimmyError)) throw err
        refused.push({ source: file, error: err })
      }
    }
  }
  for (const r of refused) log.error({ code: r.error.code, source: r.source }, r.error.bare)
  const configDir = loaded.file ? dirname(loaded.file) : process.cwd()
  for (const ref of config.plugins) {
    const [spec, inline] = typeof ref === 'string' ? [ref, undefined] : ref
    const entry = await importPlugin(resolvePluginRef(spec, configDir), 'config')
    found.push(inline ? { ...entry, inlineOptions: inline } : entry)
  }
  for (const plugin of options.plugins ?? []) found.push({ origin: 'inline', source: 'inline', plugin })
  return { found, refused }
}
