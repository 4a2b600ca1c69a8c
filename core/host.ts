/**
 * The host: boot in phases — discover → validate → apply → freeze → run — and close in reverse.
 * Nothing here knows a behaviour by name; every behaviour is a plugin. The phases are in core/host/.
 */
import type { LoadedConfig } from './config/load-config.js'
import type { RefusedPlugin } from './discover-plugins.js'
import { reasonOf, type TimmyError } from './errors.js'
import { guardHooks } from './hook-guard.js'
import { createHooks, type Effect, type HookName, type Hooks } from './hooks.js'
import { applyPlugins } from './host/apply.js'
import { discoverPlugins } from './host/discover.js'
import { createRegistries, type LoadedPlugin } from './host/registries.js'
import { validatePlugins } from './host/validate.js'
import type { Logger } from './log.js'
import type {
  EffectHandler,
  FileValidator,
  LazyCommand,
  Plugin,
  PluginCommand,
  PluginTask,
  ServiceOf,
} from './plugin.js'
import type { Store } from './store/store.js'
import { assertSafeHome } from './unsafe-reason.js'

export type { LoadedPlugin } from './host/registries.js'

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
  assertSafeHome(paths.home) // before any plugin reads or writes it
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

  const { found, refused } = await discoverPlugins(options, loaded, log)
  const resolved = validatePlugins(found, loaded)
  const reg = createRegistries()
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
  await applyPlugins(resolved, reg, { hooks, config, paths, log, store: openStoreOnce })
  await hooks.configLoaded.promise(config)

  // ── freeze ────────────────────────────────────────────────────────────────────────────────────
  guard.frozen = true
  Object.freeze(reg.loaded)

  let closed = false
  return {
    hooks,
    loaded,
    log,
    plugins: reg.loaded,
    refused,
    lazyCommands: reg.lazyCommands,
    effects: reg.effects,
    tasks: reg.tasks,
    validators: reg.validators,
    tapErrors,
    store: openStoreOnce,
    get storeOpened() {
      return store !== undefined
    },
    service: <K extends string>(name: K) => reg.services.get(name) as ServiceOf<K> | undefined,
    checkEffect: reg.checkEffect,
    tapsOf(plugin) {
      return (Object.keys(hooks) as HookName[]).filter((h) => hooks[h].taps.some((t) => t.name === plugin))
    },
    async close(reason = 'close') {
      if (closed) return
      closed = true
      await closeAll([
        () => hooks.shutdown.promise({ reason }),
        ...reg.cleanups.reverse().map(({ fn }) => fn),
        async () => {
          if (storePromise) (await storePromise).close()
        },
      ])
    },
  }
}

/** Run every step even when some fail; one failure is rethrown, several as an AggregateError. */
async function closeAll(steps: readonly (() => unknown)[]): Promise<void> {
  const errors: unknown[] = []
  for (const step of steps) {
    try {
      await step()
    } catch (err) {
      errors.push(err)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanup steps failed`)
}
