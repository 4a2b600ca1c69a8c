/**
 * The host: boot in phases — discover → validate → apply → freeze → run — and close in reverse.
 * Nothing here knows a behaviour by name; every behaviour is a plugin.
 */
import { dirname } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { checkEffect, type EffectSchema } from './check-effect.js'
import { checkSchema } from './config/check-schema.js'
import { checkTopKeys } from './config/check-top-keys.js'
import { closeSchema } from './config/close-schema.js'
import type { LoadedConfig } from './config/load-config.js'
import { didYouMean } from './did-you-mean.js'
import {
  type FoundPlugin,
  importPlugin,
  listDropIns,
  listPluginFolders,
  type RefusedPlugin,
  resolvePluginRef,
} from './discover-plugins.js'
import { E, reasonOf, TimmyError } from './errors.js'
import { guardHooks } from './hook-guard.js'
import { createHooks, type Effect, type HookName, type Hooks } from './hooks.js'
import type { Logger } from './log.js'
import { orderPlugins } from './order-plugins.js'
import { builtinPluginsDir } from './package-root.js'
import type {
  EffectHandler,
  FileValidator,
  LazyCommand,
  Plugin,
  PluginCommand,
  PluginHost,
  PluginTask,
  ServiceOf,
} from './plugin.js'
import type { Store } from './store/store.js'

export interface LoadedPlugin {
  plugin: Plugin
  origin: FoundPlugin['origin']
  source: string
  options: Record<string, unknown>
  commands: string[]
  tasks: PluginTask[]
  effects: string[]
}

export interface HostOptions {
  loaded: LoadedConfig
  log: Logger
  /** Load built-in plugins (default true). */
  builtins?: boolean
  /** Load drop-ins from `$TIMMY_HOME/plugins` (default true). */
  dropIns?: boolean
  /** Plugins passed in code (tests, embedding). */
  plugins?: Plugin[]
}

export interface Host {
  readonly hooks: Hooks
  readonly loaded: LoadedConfig
  readonly log: Logger
  readonly plugins: readonly LoadedPlugin[]
  /** Drop-ins refused (unsafe, symlinked) or that failed to import: reported, not loaded. */
  readonly refused: readonly RefusedPlugin[]
  readonly commands: ReadonlyMap<string, { plugin: string; command: PluginCommand }>
  /** Commands plugins declare in their definition (`commands`), by name. */
  readonly lazyCommands: ReadonlyMap<string, { plugin: string; entry: LazyCommand }>
  readonly effects: ReadonlyMap<string, { plugin: string; handler: EffectHandler }>
  /** Throws TIMMY_ERR_EFFECT_INVALID_PAYLOAD when the effect does not match its handler's schema. */
  checkEffect(effect: Effect): void
  readonly tasks: ReadonlyMap<string, { plugin: string; task: PluginTask }>
  readonly validators: readonly (FileValidator & { plugin: string })[]
  /** Errors thrown by taps (wrapped), most recent last. */
  readonly tapErrors: readonly TimmyError[]
  store(): Promise<Store>
  /** Whether the store has been opened (commands that need none never open it). */
  readonly storeOpened: boolean
  service<K extends string>(name: K): ServiceOf<K> | undefined
  /** Names of hooks each plugin tapped. */
  tapsOf(plugin: string): HookName[]
  /** Shutdown hook, then cleanups in reverse; cleanup errors gathered into one. */
  close(reason?: string): Promise<void>
}

export async function createHost(options: HostOptions): Promise<Host> {
  const { loaded, log } = options
  const { config, paths } = loaded
  const hooks = createHooks()
  const tapErrors: TimmyError[] = []
  const guard = {
    frozen: false,
    onTapError(err: TimmyError) {
      tapErrors.push(err)
      if (tapErrors.length > 100) tapErrors.shift()
      log.error(
        { code: err.code, plugin: err.details?.plugin, hook: err.details?.hook, cause: reasonOf(err.cause) },
        err.bare,
      )
    },
  }
  guardHooks(hooks, guard)

  // ── discover ──────────────────────────────────────────────────────────────────────────────────
  const found: FoundPlugin[] = []
  if (options.builtins !== false) {
    for (const file of listPluginFolders(builtinPluginsDir())) found.push(await importPlugin(file, 'builtin'))
  }
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

  // ── validate: old top-level sections, duplicates, disabled, dependencies, options ─────────────
  const movedTo = new Map<string, string>()
  for (const f of found) if (f.plugin.movedFrom) movedTo.set(f.plugin.movedFrom, f.plugin.name)
  checkTopKeys(loaded.unknownKeys, movedTo)
  const byName = new Map<string, FoundPlugin>()
  for (const f of found) {
    if (config.disabledPlugins.includes(f.plugin.name)) continue
    const prior = byName.get(f.plugin.name)
    if (prior) throw E.PLUGIN_DUPLICATE({ name: f.plugin.name, first: prior.source, second: f.source })
    byName.set(f.plugin.name, f)
  }
  for (const key of Object.keys(config.pluginOptions)) {
    if (!byName.has(key)) {
      const loc = loaded.locate?.(['pluginOptions', key], 'key')
      throw E.PLUGIN_UNKNOWN_OPTIONS_KEY(
        { key, suggestion: didYouMean(key, byName.keys()) },
        loc ? { loc } : {},
      )
    }
  }
  const ordered = orderPlugins([...byName.values()])
  const resolved = ordered.map((f) => {
    const given = { ...(f.inlineOptions ?? {}), ...(config.pluginOptions[f.plugin.name] ?? {}) }
    const schema = f.plugin.options && closeSchema(f.plugin.options)
    let opts: Record<string, unknown> = given
    if (schema) {
      const locate = loaded.locate
      opts = checkSchema(schema, given, {
        makeError: (p) => {
          const loc = locate?.(
            ['pluginOptions', f.plugin.name, ...p.segments],
            p.kind === 'unknown-key' ? 'key' : 'value',
          )
          return E.PLUGIN_INVALID_OPTIONS(
            {
              plugin: f.plugin.name,
              path: p.path,
              expected:
                p.kind === 'unknown-key'
                  ? `no key "${p.key}"${p.suggestion ? ` (did you mean "${p.suggestion}"?)` : ''}`
                  : `${p.expected}, found ${p.found}`,
            },
            loc ? { loc } : {},
          )
        },
      }) as Record<string, unknown>
    }
    return { found: f, options: opts }
  })

  // ── apply: setup in dependency order ──────────────────────────────────────────────────────────
  const commands = new Map<string, { plugin: string; command: PluginCommand }>()
  const lazyCommands = new Map<string, { plugin: string; entry: LazyCommand }>()
  const effects = new Map<string, { plugin: string; handler: EffectHandler }>()
  const effectSchemas = new Map<string, EffectSchema>()
  const checkEffectKind = (effect: Effect) => checkEffect(effect, effectSchemas.get(effect.kind))
  const tasks = new Map<string, { plugin: string; task: PluginTask }>()
  const services = new Map<string, unknown>()
  const validators: (FileValidator & { plugin: string })[] = []
  const cleanups: { plugin: string; fn: () => unknown }[] = []
  const loadedPlugins: LoadedPlugin[] = []
  const scopes: PluginHost[] = []
  let store: Store | undefined
  let storePromise: Promise<Store> | undefined
  const openStoreOnce = (): Promise<Store> => {
    storePromise ??= import('./store/store.js').then(async ({ openStore }) => {
      store = await openStore(paths.store, {
        busyTimeoutMs: config.store.busyTimeoutMs,
        synchronous: config.store.synchronous,
      })
      return store
    })
    return storePromise
  }
  const claim = <T>(
    map: Map<string, { plugin: string } & T>,
    kind: string,
    name: string,
    owner: string,
    value: T,
  ) => {
    const prior = map.get(name)
    if (prior) throw E.REGISTRY_DUPLICATE({ kind, name, owner: prior.plugin })
    map.set(name, { plugin: owner, ...value })
  }

  for (const { found: f, options: opts } of resolved) {
    const { plugin } = f
    const record: LoadedPlugin = {
      plugin,
      origin: f.origin,
      source: f.source,
      options: opts,
      commands: [],
      tasks: [],
      effects: [],
    }
    const scoped: PluginHost = {
      name: plugin.name,
      hooks,
      config,
      paths,
      log: log.child({ plugin: plugin.name }),
      store: openStoreOnce,
      effects,
      plugins: () => loadedPlugins.map((p) => p.plugin),
      registerEffect(kind, handler, schema) {
        claim(effects, 'effect handler', kind, plugin.name, { handler })
        const declared = schema ?? plugin.effects?.handles?.[kind]
        if (declared) effectSchemas.set(kind, { plugin: plugin.name, schema: declared })
        record.effects.push(kind)
      },
      async applyEffect(effect, ctx = {}) {
        const entry = effects.get(effect.kind)
        if (!entry) throw E.EFFECT_UNHANDLED({ kind: effect.kind, known: [...effects.keys()].join(', ') })
        checkEffectKind(effect)
        return entry.handler(effect, { dryRun: false, ...ctx })
      },
      checkEffect: checkEffectKind,
      handlesEffect: (kind) => effects.has(kind),
      registerCommand(name, command) {
        if (lazyCommands.has(name))
          throw E.REGISTRY_DUPLICATE({ kind: 'command', name, owner: lazyCommands.get(name)!.plugin })
        claim(commands, 'command', name, plugin.name, { command })
        record.commands.push(name)
      },
      registerTask(task) {
        checkTaskShape(task, plugin.name)
        claim(tasks, 'task', task.name, plugin.name, { task })
        record.tasks.push(task)
      },
      tasks,
      registerValidator(validator) {
        validators.push({ ...validator, plugin: plugin.name })
      },
      validators,
      onClose(fn) {
        cleanups.push({ plugin: plugin.name, fn })
      },
      provide(name, service) {
        if (services.has(name)) throw E.REGISTRY_DUPLICATE({ kind: 'service', name, owner: 'another plugin' })
        services.set(name, service)
      },
      use<K extends string>(name: K) {
        if (!services.has(name)) throw E.SERVICE_MISSING({ plugin: plugin.name, service: name })
        return services.get(name) as ServiceOf<K>
      },
      maybeUse<K extends string>(name: K) {
        return services.get(name) as ServiceOf<K> | undefined
      },
    }
    for (const task of plugin.tasks ?? []) scoped.registerTask(task)
    for (const [name, entry] of Object.entries(plugin.commands ?? {})) {
      if (commands.has(name))
        throw E.REGISTRY_DUPLICATE({ kind: 'command', name, owner: commands.get(name)!.plugin })
      claim(lazyCommands, 'command', name, plugin.name, { entry })
      record.commands.push(name)
    }
    try {
      await plugin.setup(scoped, Value.Clone(opts))
    } catch (err) {
      if (err instanceof TimmyError) throw err
      throw E.PLUGIN_SETUP_FAILED({ plugin: plugin.name, reason: reasonOf(err) }, { cause: err })
    }
    loadedPlugins.push(record)
    scopes.push(scoped)
  }

  checkDeclarations(loadedPlugins, services, effects)
  for (const [i, { found: f, options: opts }] of resolved.entries()) {
    if (!f.plugin.ready) continue
    try {
      await f.plugin.ready(scopes[i]!, Value.Clone(opts))
    } catch (err) {
      if (err instanceof TimmyError) throw err
      throw E.PLUGIN_SETUP_FAILED({ plugin: f.plugin.name, reason: reasonOf(err) }, { cause: err })
    }
  }
  await hooks.configLoaded.promise(config)

  // ── freeze ────────────────────────────────────────────────────────────────────────────────────
  guard.frozen = true
  Object.freeze(loadedPlugins)

  let closed = false
  return {
    hooks,
    loaded,
    log,
    plugins: loadedPlugins,
    refused,
    commands,
    lazyCommands,
    effects,
    tasks,
    validators,
    tapErrors,
    store: openStoreOnce,
    get storeOpened() {
      return store !== undefined
    },
    service: <K extends string>(name: K) => services.get(name) as ServiceOf<K> | undefined,
    checkEffect: checkEffectKind,
    tapsOf(plugin) {
      return (Object.keys(hooks) as HookName[]).filter((h) => hooks[h].taps.some((t) => t.name === plugin))
    },
    async close(reason = 'close') {
      if (closed) return
      closed = true
      const errors: unknown[] = []
      try {
        await hooks.shutdown.promise({ reason })
      } catch (err) {
        errors.push(err)
      }
      for (const { fn } of cleanups.reverse()) {
        try {
          await fn()
        } catch (err) {
          errors.push(err)
        }
      }
      try {
        if (storePromise) (await storePromise).close()
      } catch (err) {
        errors.push(err)
      }
      if (errors.length === 1) throw errors[0]
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanup steps failed`)
    },
  }
}

/** After every setup: each declared service was provided, and each emitted effect kind has a handler. */
function checkDeclarations(
  plugins: readonly LoadedPlugin[],
  services: ReadonlyMap<string, unknown>,
  effects: ReadonlyMap<string, unknown>,
): void {
  for (const { plugin } of plugins) {
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
