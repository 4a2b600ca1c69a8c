/** What plugins register while they are set up: one set per host, shared by every plugin's scoped host. */
import { checkEffect, type EffectSchema } from '../check-effect.js'
import type { FoundPlugin } from '../discover-plugins.js'
import { E } from '../errors.js'
import type { Effect } from '../hooks.js'
import type {
  EffectHandler,
  FileValidator,
  LazyCommand,
  Plugin,
  PluginCommand,
  PluginTask,
} from '../plugin.js'

export interface LoadedPlugin {
  plugin: Plugin
  origin: FoundPlugin['origin']
  source: string
  options: Record<string, unknown>
  commands: string[]
  tasks: PluginTask[]
  effects: string[]
}

type Owned<T> = Map<string, { plugin: string } & T>

export interface Registries {
  lazyCommands: Owned<{ entry: LazyCommand }>
  effects: Owned<{ handler: EffectHandler }>
  effectSchemas: Map<string, EffectSchema>
  tasks: Owned<{ task: PluginTask }>
  services: Map<string, unknown>
  validators: (FileValidator & { plugin: string })[]
  cleanups: { plugin: string; fn: () => unknown }[]
  /** The plugins set up so far, in order. */
  loaded: LoadedPlugin[]
  /** Throws TIMMY_ERR_EFFECT_INVALID_PAYLOAD when the effect does not match its handler's schema. */
  checkEffect(effect: Effect): void
}

export function createRegistries(): Registries {
  const effectSchemas = new Map<string, EffectSchema>()
  return {
    lazyCommands: new Map(),
    effects: new Map(),
    effectSchemas,
    tasks: new Map(),
    services: new Map(),
    validators: [],
    cleanups: [],
    loaded: [],
    checkEffect: (effect) => checkEffect(effect, effectSchemas.get(effect.kind)),
  }
}

/** Register `name` for `owner`; a name one plugin already holds is TIMMY_ERR_REGISTRY_DUPLICATE. */
export function claim<T>(map: Owned<T>, kind: string, name: string, owner: string, value: T): void {
  const prior = map.get(name)
  if (prior) throw E.REGISTRY_DUPLICATE({ kind, name, owner: prior.plugin })
  map.set(name, { plugin: owner, ...value })
}
