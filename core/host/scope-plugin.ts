/** The host as one plugin sees it in `setup`: its registrations are recorded under its name. */
import type { Paths } from '../config/paths.js'
import type { TimmyConfig } from '../config/schema.js'
import { E } from '../errors.js'
import type { Hooks } from '../hooks.js'
import type { Logger } from '../log.js'
import type { Plugin, PluginHost, PluginTask, ServiceOf } from '../plugin.js'
import type { Store } from '../store/store.js'
import { claim, type LoadedPlugin, type Registries } from './registries.js'

export interface HostBase {
  hooks: Hooks
  config: TimmyConfig
  paths: Paths
  log: Logger
  store(): Promise<Store>
}

export function scopePlugin(
  plugin: Plugin,
  record: LoadedPlugin,
  reg: Registries,
  base: HostBase,
): PluginHost {
  const { effects, services } = reg
  const owner = plugin.name
  return {
    name: owner,
    hooks: base.hooks,
    config: base.config,
    paths: base.paths,
    log: base.log.child({ plugin: owner }),
    store: base.store,
    effects,
    plugins: () => reg.loaded.map((p) => p.plugin),
    registerEffect(kind, handler, schema) {
      claim(effects, 'effect handler', kind, owner, { handler })
      const declared = schema ?? plugin.effects?.handles?.[kind]
      if (declared) reg.effectSchemas.set(kind, { plugin: owner, schema: declared })
      record.effects.push(kind)
    },
    async applyEffect(effect, ctx = {}) {
      const entry = effects.get(effect.kind)
      if (!entry) throw E.EFFECT_UNHANDLED({ kind: effect.kind, known: [...effects.keys()].join(', ') })
      reg.checkEffect(effect)
      return entry.handler(effect, { dryRun: false, ...ctx })
    },
    checkEffect: reg.checkEffect,
    handlesEffect: (kind) => effects.has(kind),
    registerTask(task) {
      checkTaskShape(task, owner)
      claim(reg.tasks, 'task', task.name, owner, { task })
      record.tasks.push(task)
    },
    tasks: reg.tasks,
    registerValidator(validator) {
      reg.validators.push({ ...validator, plugin: owner })
    },
    validators: reg.validators,
    onClose(fn) {
      reg.cleanups.push({ plugin: owner, fn })
    },
    provide(name, service) {
      if (services.has(name)) throw E.REGISTRY_DUPLICATE({ kind: 'service', name, owner: 'another plugin' })
      services.set(name, service)
    },
    use<K extends string>(name: K) {
      if (!services.has(name)) throw E.SERVICE_MISSING({ plugin: owner, service: name })
      return services.get(name) as ServiceOf<K>
    },
    maybeUse: <K extends string>(name: K) => services.get(name) as ServiceOf<K> | undefined,
  }
}

/** A task needs a name and a handler (its schedule is the queue plugin's to check, in `ready`). */
function checkTaskShape(task: PluginTask, plugin: string): void {
  if (!task || typeof task.name !== 'string' || task.name.length === 0 || typeof task.handler !== 'function')
    throw E.PLUGIN_INVALID({ source: plugin, reason: 'a task needs a non-empty name and a handler function' })
  if (task.catchUp !== undefined && !['skip', 'latest', 'all'].includes(task.catchUp))
    throw E.PLUGIN_INVALID({
      source: plugin,
      reason: `task "${task.name}" has catchUp "${String(task.catchUp)}"; use skip, latest or all`,
    })
}
