/**
 * Boot phase 3, apply: set each plugin up in dependency order (its declared tasks and commands
 * first), check every declared service was provided and every emitted effect kind has a handler,
 * then let each plugin check what the others registered (`ready`).
 */
import { Value } from '@sinclair/typebox/value'
import { E, reasonOf, TimmyError } from '../errors.js'
import type { PluginHost } from '../plugin.js'
import type { LoadedPlugin, Registries } from './registries.js'
import { claim } from './registries.js'
import { type HostBase, scopePlugin } from './scope-plugin.js'
import type { ResolvedPlugin } from './validate.js'

export async function applyPlugins(resolved: readonly ResolvedPlugin[], reg: Registries, base: HostBase) {
  const scopes: PluginHost[] = []
  for (const { found: f, options } of resolved) {
    const { plugin } = f
    const record: LoadedPlugin = {
      plugin,
      origin: f.origin,
      source: f.source,
      options,
      commands: [],
      tasks: [],
      effects: [],
    }
    const scoped = scopePlugin(plugin, record, reg, base)
    for (const task of plugin.tasks ?? []) scoped.registerTask(task)
    for (const [name, entry] of Object.entries(plugin.commands ?? {})) {
      claim(reg.lazyCommands, 'command', name, plugin.name, { entry })
      record.commands.push(name)
    }
    await guarded(plugin.name, () => plugin.setup(scoped, Value.Clone(options)))
    reg.loaded.push(record)
    scopes.push(scoped)
  }
  checkDeclarations(reg)
  for (const [i, { found: f, options }] of resolved.entries())
    if (f.plugin.ready) await guarded(f.plugin.name, () => f.plugin.ready!(scopes[i]!, Value.Clone(options)))
}

async function guarded(plugin: string, fn: () => unknown): Promise<void> {
  try {
    await fn()
  } catch (err) {
    if (err instanceof TimmyError) throw err
    throw E.PLUGIN_SETUP_FAILED({ plugin, reason: reasonOf(err) }, { cause: err })
  }
}

/** After every setup: each declared service was provided, and each emitted effect kind has a handler. */
function checkDeclarations({ loaded, services, effects }: Registries): void {
  for (const { plugin } of loaded) {
    for (const name of plugin.provides ?? [])
      if (!services.has(name)) throw E.SERVICE_NOT_PROVIDED({ plugin: plugin.name, service: name })
    for (const kind of plugin.effects?.emits ?? [])
      if (!effects.has(kind))
        throw E.EFFECT_NO_HANDLER({
          plugin: plugin.name,
          kind,
          known: [...effects.keys()].join(', ') || 'none',
        })
  }
}
