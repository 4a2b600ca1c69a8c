/**
 * The commands plugins declare (`definePlugin({ commands })`). A built-in keeps them in its
 * `commands/index.ts`, which the CLI imports alone (no plugin, no config, no setup): `timmy <plugin
 * command> --help` and `timmy hook` boot nothing. Drop-ins' and the config's plugins' commands come from
 * a booted host (`host.lazyCommands`).
 */
import { pathToFileURL } from 'node:url'
import type { LoadedConfig } from '../config/load-config.js'
import { ownModule } from '../package-root.js'
import type { LazyCommand } from '../plugin.js'

export type PluginCommands = Map<string, { plugin: string; entry: LazyCommand }>

export async function builtinPluginCommands(): Promise<PluginCommands> {
  const out: PluginCommands = new Map()
  // plugins/commands.ts lists every built-in's commands (one module to import, not one per plugin)
  const file = ownModule('plugins/commands.js')
  const { builtinCommands } = (await import(pathToFileURL(file).href)) as {
    builtinCommands: Record<string, Record<string, LazyCommand>>
  }
  for (const [plugin, commands] of Object.entries(builtinCommands))
    for (const [name, entry] of Object.entries(commands)) if (!out.has(name)) out.set(name, { plugin, entry })
  return out
}

/** The declared commands of the drop-ins and the config's plugins (imported, never set up). */
export async function pluginsBeyondBuiltins(loaded: LoadedConfig): Promise<PluginCommands> {
  const { discoverPlugins } = await import('../host/discover.js')
  const { silentLogger } = await import('../log.js')
  const { found } = await discoverPlugins({ builtins: false }, loaded, silentLogger)
  const out: PluginCommands = new Map()
  for (const { plugin } of found) {
    if (loaded.config.disabledPlugins.includes(plugin.name)) continue
    for (const [name, entry] of Object.entries(plugin.commands ?? {}))
      out.set(name, { plugin: plugin.name, entry })
  }
  return out
}
