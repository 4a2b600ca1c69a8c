/**
 * The commands plugins declare (`definePlugin({ commands })`). The built-ins' are found by importing
 * their small index modules only (no config, no setup), so `timmy <plugin command> --help` boots
 * nothing; drop-ins' and the config's come from a booted host (`host.lazyCommands`).
 */
import { importPlugin, listPluginFolders } from '../discover-plugins.js'
import { builtinPluginsDir } from '../package-root.js'
import type { LazyCommand } from '../plugin.js'

export type PluginCommands = Map<string, { plugin: string; entry: LazyCommand }>

export async function builtinPluginCommands(): Promise<PluginCommands> {
  const out: PluginCommands = new Map()
  const found = await Promise.all(
    listPluginFolders(builtinPluginsDir()).map((f) => importPlugin(f, 'builtin')),
  )
  for (const { plugin } of found)
    for (const [name, entry] of Object.entries(plugin.commands ?? {}))
      if (!out.has(name)) out.set(name, { plugin: plugin.name, entry })
  return out
}
