/**
 * The commands plugins declare (`definePlugin({ commands })`). A built-in keeps them in its
 * `commands/index.ts`, which the CLI imports alone (no plugin, no config, no setup): `timmy <plugin
 * command> --help` and `timmy hook` boot nothing. Drop-ins' and the config's plugins' commands come from
 * a booted host (`host.lazyCommands`).
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { LoadedConfig } from '../config/load-config.js'
import { findIndex } from '../discover-plugins.js'
import { builtinPluginsDir } from '../package-root.js'
import type { LazyCommand } from '../plugin.js'

export type PluginCommands = Map<string, { plugin: string; entry: LazyCommand }>

export async function builtinPluginCommands(): Promise<PluginCommands> {
  const out: PluginCommands = new Map()
  const dir = builtinPluginsDir()
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())
  const found = await Promise.all(
    folders.map(async ({ name }) => {
      const file = findIndex(join(dir, name, 'commands'))
      if (!file) return undefined
      const mod = (await import(pathToFileURL(file).href)) as { commands?: Record<string, LazyCommand> }
      return { plugin: name, commands: mod.commands ?? {} }
    }),
  )
  for (const f of found.sort((a, b) => (a?.plugin ?? '').localeCompare(b?.plugin ?? '')))
    for (const [name, entry] of Object.entries(f?.commands ?? {}))
      if (!out.has(name)) out.set(name, { plugin: f!.plugin, entry })
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
