/**
 * The plugin contract. A plugin is a folder whose `index.ts` default-exports `definePlugin({...})`.
 * `setup(host, options)` runs on the main thread, once, before the hooks freeze: it taps hooks and
 * registers effect handlers, commands and periodic tasks. Built-ins and drop-ins use the same path.
 */
import type { Static, TSchema } from '@sinclair/typebox'
import type { OptionSpecs, SubcommandSpec } from './cli/command-spec.js'
import type { Paths } from './config/paths.js'
import type { TimmyConfig } from './config/schema.js'
import type { Effect, Hooks } from './hooks.js'
import type { Logger } from './log.js'
import type { Store } from './store/store.js'

const PLUGIN_BRAND = Symbol.for('timmy.plugin')

/**
 * Services plugins offer each other, by name. A provider extends this in its `types.ts` (declaration
 * merging: `declare module '../../core/plugin.js' { interface Services { gitea: GiteaService } }`), so
 * `host.use('gitea')` has the provider's own type (a call it lacks fails `tsc`); others are `unknown`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface Services {}

/** A declared service name. */
export type ServiceName = keyof Services & string

/** The type of service `K`: the provider's interface when declared, else `unknown`. */
export type ServiceOf<K extends string> = K extends ServiceName ? Services[K] : unknown

/** What a plugin declares about effects: the kinds it handles (payload schemas) and the kinds its steps or code emit. */
export interface EffectDeclarations {
  /** Effect kind → TypeBox schema of the whole effect (its `kind` field included or not). */
  handles?: Readonly<Record<string, TSchema>>
  /** Kinds this plugin emits; boot fails when one has no handler. */
  emits?: readonly string[]
}

/**
 * Applies one effect (a playbook run passes its run, step, playbook, lane). The answer may carry `output`
 * (merged into the step's output) and `usage` (tokens already reported on `usage` as `step:<runId>:<stepId>`).
 */
export type EffectHandler = (
  effect: Effect,
  ctx: { dryRun: false; runId?: string; stepId?: string; playbook?: string; lane?: string },
) => Promise<unknown> | unknown

export interface CommandContext {
  /** The command's own arguments as typed (global flags such as --config, --json removed). */
  argv: string[]
  /** Parsed flags by long name (`no-gitea`), declared and global (`json`, `config`); `multiple` ones are arrays. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  /** Parsed arguments; for a command with subcommands the first is the subcommand's name. */
  positionals: string[]
  host: import('./host.js').Host
  json: boolean
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/**
 * A plugin's CLI command `timmy <name> …`, parsed and helped as a built-in: with `options`/`subcommands`
 * (core/cli/command-spec.ts; `options: {}` for none) unknown flags are usage errors before `run`, which reads
 * `ctx.values` and `ctx.positionals`; declaring neither, `run` gets the arguments as typed (`ctx.argv`).
 */
export interface PluginCommand {
  /** The first line is the summary in `timmy --help`; the rest is shown by `timmy <name> --help`. */
  description: string
  /** Extra help text (examples, exit codes), shown after the description. */
  usage?: string
  /** Its arguments as help shows them (`<owner/repo> <issue>`). */
  args?: string
  options?: OptionSpecs
  subcommands?: Record<string, SubcommandSpec>
  run(ctx: CommandContext): Promise<number | undefined> | number | undefined
}

/**
 * Validates one kind of YAML file (e.g. skins), recognised by content (`detect`), else by `match` on its
 * path from the project folder (`/` separators). Throw a coded error (`loc` from `source.locate`) or
 * return every problem as `errors`; `warnings` for things that load but look wrong.
 */
export interface FileValidator {
  name: string
  match(relativePath: string): boolean
  detect?(source: import('./config/yaml-source.js').YamlSource): boolean
  validate(
    source: import('./config/yaml-source.js').YamlSource,
  ): ValidatorResult | undefined | void | Promise<ValidatorResult | undefined | void>
}

export interface ValidatorResult {
  warnings?: string[]
  errors?: import('./errors.js').TimmyError[]
}

/** A task a plugin offers to the queue; `schedule` (cron) makes it periodic. */
export interface PluginTask {
  name: string
  description?: string
  /** Cron expression (5 or 6 fields). */
  schedule?: string
  timezone?: string
  /** What to do with scheduled instants missed while nothing ran. */
  catchUp?: 'skip' | 'latest' | 'all'
  timeoutMs?: number
  retries?: number
  handler(args: unknown, ctx: { signal: AbortSignal; host: PluginHost }): Promise<unknown> | unknown
}

/** What `setup` receives: the host, scoped to the plugin. */
export interface PluginHost {
  /** The plugin's own name (name your taps with it). */
  readonly name: string
  readonly hooks: Hooks
  readonly config: TimmyConfig
  readonly paths: Paths
  readonly log: Logger
  /** The store, opened on first use. */
  store(): Promise<Store>
  /** Effect handlers registered so far, by kind (look one up when applying, not in setup). */
  readonly effects: ReadonlyMap<string, { plugin: string; handler: EffectHandler }>
  /** The plugins set up so far (complete once the host is frozen): their names and steps modules. */
  plugins?(): readonly { name: string; steps?: URL | string }[]
  /** The handler of effects of `kind` (`gitea.label`); each is checked first against `effects.handles[kind]` or `schema`. */
  registerEffect(kind: string, handler: EffectHandler, schema?: TSchema): void
  /** Apply an effect now through the handler some plugin registered (TIMMY_ERR_EFFECT_UNHANDLED if none). */
  applyEffect(effect: Effect, ctx?: { runId?: string }): Promise<unknown>
  /** Throws TIMMY_ERR_EFFECT_INVALID_PAYLOAD when the effect does not match its handler's schema (a dry run checks too). */
  checkEffect(effect: Effect): void
  /** Whether some plugin handles effects of `kind` (complete once every plugin is set up). */
  handlesEffect(kind: string): boolean
  /** Add a task (periodic when it has a schedule; an invalid cron expression throws QUEUE_BAD_CRON). */
  registerTask(task: PluginTask): void
  /** Every task registered so far, by any plugin (the queue plugin reads it when it starts). */
  readonly tasks: ReadonlyMap<string, { plugin: string; task: PluginTask }>
  /** Check files of a kind during `timmy validate` (and wherever that kind is loaded). */
  registerValidator(validator: FileValidator): void
  /** Every validator registered so far, by any plugin (deploy runs them over the overlay). */
  readonly validators: readonly FileValidator[]
  /** Run at shutdown, in reverse order of registration. */
  onClose(fn: () => unknown): void
  /** Offer a service to other plugins; list its name in the definition's `provides`. */
  provide<K extends string>(name: K, service: ServiceOf<K>): void
  /** A service another plugin provides (TIMMY_ERR_PLUGIN_MISSING_DEPENDENCY if none); list it in `needs`. */
  use<K extends string>(name: K): ServiceOf<K>
  /** A service if some plugin provides it (look it up when you need it, not only in setup). */
  maybeUse<K extends string>(name: K): ServiceOf<K> | undefined
}

export interface PluginDefinition<S extends TSchema = TSchema> {
  name: string
  version: string
  description?: string
  /** Names of plugins that must be loaded (and set up) before this one. */
  dependencies?: readonly string[]
  /** Plugins to set up before this one when they are loaded; their absence is no error. */
  optionalDependencies?: readonly string[]
  /** Services this plugin offers (`provide` each in setup; boot fails when one is not provided). */
  provides?: readonly string[]
  /** Services this plugin cannot work without: boot fails with a coded error when no plugin provides one; the provider is set up first. */
  needs?: readonly string[]
  /** Services this plugin uses when present: their providers are set up first. */
  optionalNeeds?: readonly string[]
  /** Effect kinds this plugin handles (with payload schemas) and emits. */
  effects?: EffectDeclarations
  /** TypeBox schema of the options (`pluginOptions.<name>` in the config); defaults apply. */
  options?: S
  /** The top-level key these options used to live under (`gitea`): a config still using it fails (CONFIG_KEY_MOVED). */
  movedFrom?: string
  setup(host: PluginHost, options: Static<S>): void | Promise<void>
  /** URL of the module whose named exports are this plugin's steps (run in worker threads). */
  steps?: URL | string
  tasks?: readonly PluginTask[]
  /** CLI commands it adds: a summary, and a module imported only on use that default-exports `defineCommand({...})`. */
  commands?: Readonly<Record<string, LazyCommand>>
  /** Runs once all are set up, before the hooks freeze, to check what others registered; a throw stops the boot. */
  ready?(host: PluginHost, options: Static<S>): void | Promise<void>
  /** Config problems seen only once all are set up (a periodic entry naming no task); validate reports them. */
  checkConfig?(context: ConfigCheckContext): readonly import('./errors.js').TimmyError[]
}

export interface ConfigCheckContext {
  loaded: import('./config/load-config.js').LoadedConfig
  /** This plugin's options, defaults applied. */
  options: Record<string, unknown>
  tasks: ReadonlyMap<string, { plugin: string; task: PluginTask }>
}

/** A command known by its summary; its module is imported only when it is used. */
export interface LazyCommand {
  summary: string
  load(): Promise<{ default: import('./cli/command.js').CliCommand }>
}

export type Plugin<S extends TSchema = TSchema> = PluginDefinition<S> & { readonly [PLUGIN_BRAND]: true }

/** Define a plugin; exists for type inference of `options` and to brand the object. */
export function definePlugin<S extends TSchema>(definition: PluginDefinition<S>): Plugin<S> {
  return Object.freeze({ ...definition, [PLUGIN_BRAND]: true as const })
}

/** A plugin made with definePlugin(), or a plain object of that shape (a plain-JavaScript drop-in imports nothing). */
export function isPlugin(value: unknown): value is Plugin {
  if (typeof value !== 'object' || value === null) return false
  if ((value as Record<symbol, unknown>)[PLUGIN_BRAND] === true) return true
  const v = value as Partial<PluginDefinition>
  return typeof v.name === 'string' && typeof v.version === 'string' && typeof v.setup === 'function'
}
