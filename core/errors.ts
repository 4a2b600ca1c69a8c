/**
 * The one catalogue of coded errors. Every code is `TIMMY_ERR_<AREA>_<WHAT>`; every message states
 * the fix. Tests assert `err.code`, never the wording. The CLI prints `err.message` (plus the code
 * frame when there is a source location) and exits 2 for input errors; `--debug` adds the stack.
 *
 * Add new codes to `catalogue` below, grouped by area. A factory takes the message parameters and an
 * optional `{ loc, cause, exitCode }`.
 */

export interface SourceLoc {
  file: string
  line?: number
  col?: number
  /** The offending source line, shown under the message with a caret. */
  source?: string
}

export interface ErrorExtra {
  loc?: SourceLoc
  cause?: unknown
  /** Process exit code when this error ends a CLI command (default 2: usage/input error). */
  exitCode?: number
  /** Machine-readable details (shown in `--json` output). */
  details?: Record<string, unknown>
}

const BRAND = Symbol.for('timmy.error')

export class TimmyError extends Error {
  /** Matches errors from any copy of this module (a TypeScript drop-in plugin loads its own copy). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
  }
  readonly [BRAND] = true
  override name = 'TimmyError'
  readonly code: string
  readonly loc?: SourceLoc
  readonly exitCode: number
  readonly details?: Record<string, unknown>
  /** The message without the location prefix and code frame. */
  readonly bare: string

  constructor(code: string, message: string, extra: ErrorExtra = {}) {
    super(
      formatMessage(code, message, extra.loc),
      extra.cause === undefined ? undefined : { cause: extra.cause },
    )
    this.code = code
    this.bare = message
    this.exitCode = extra.exitCode ?? 2
    if (extra.loc) this.loc = extra.loc
    if (extra.details) this.details = extra.details
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.bare,
      ...(this.loc ? { file: this.loc.file, line: this.loc.line, col: this.loc.col } : {}),
      ...(this.details ? { details: this.details } : {}),
    }
  }
}

export function isTimmyError(err: unknown, code?: string): err is TimmyError {
  return err instanceof TimmyError && (code === undefined || err.code === code)
}

function formatMessage(code: string, message: string, loc?: SourceLoc): string {
  if (!loc) return `${code}: ${message}`
  const where = loc.line ? `${loc.file}:${loc.line}:${loc.col ?? 1}` : loc.file
  let out = `${where}: ${code}: ${message}`
  if (loc.source !== undefined && loc.line) {
    const gutter = String(loc.line)
    const text = loc.source.length > 200 ? `${loc.source.slice(0, 200)}…` : loc.source
    out += `\n  ${gutter} | ${text.replace(/\t/g, '→')}`
    out += `\n  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, Math.min((loc.col ?? 1) - 1, 200)))}^`
  }
  return out
}

/** The catalogue: AREA_WHAT → message builder. Keep messages actionable: say what to do. */
const catalogue = {
  // ── usage / CLI ────────────────────────────────────────────────────────────────────────────────
  CLI_UNKNOWN_COMMAND: (a: { name: string; suggestion?: string }) =>
    `unknown command "${a.name}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Run "timmy --help" for the list.`,
  CLI_BAD_ARGS: (a: { command: string; reason: string }) =>
    `${a.reason}. Run "timmy ${a.command} --help" for the accepted flags.`,
  CLI_INTERNAL: (a: { reason: string }) =>
    `unexpected internal error: ${a.reason}. Re-run with --debug for the stack and report it.`,

  // ── config ─────────────────────────────────────────────────────────────────────────────────────
  CONFIG_NOT_FOUND: (a: { path: string }) =>
    `config file ${a.path} does not exist. Check the --config path, or omit it to search the current directory.`,
  CONFIG_LOAD_FAILED: (a: { path: string; reason: string }) =>
    `could not load config ${a.path}: ${a.reason}. Fix the file so it evaluates and default-exports defineConfig({...}).`,
  CONFIG_UNKNOWN_KEY: (a: { key: string; suggestion?: string }) =>
    `unknown config key "${a.key}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ' Remove it.'}`,
  CONFIG_INVALID: (a: { path: string; expected: string }) =>
    `config value at "${a.path}" is invalid: expected ${a.expected}.`,
  CONFIG_BAD_ENV: (a: { name: string; reason: string }) =>
    `environment variable ${a.name} is invalid: ${a.reason}.`,

  // ── YAML / input files ─────────────────────────────────────────────────────────────────────────
  YAML_SYNTAX: (a: { reason: string }) =>
    `YAML syntax error: ${a.reason}. Fix the YAML at the marked position.`,
  YAML_TABS: () => 'tab character used for indentation. YAML indents with spaces only: replace the tab.',
  YAML_DUPLICATE_KEY: (a: { key: string }) =>
    `duplicate key "${a.key}". Each key may appear once in a mapping: remove or rename one.`,
  YAML_ALIAS_LIMIT: () =>
    'too many YAML aliases (a possible alias bomb). Write the data out instead of expanding anchors.',
  YAML_EMPTY: () => 'the file is empty. Write the expected mapping, or delete the file.',
  YAML_NOT_MAPPING: (a: { found: string }) => `expected a mapping at the top level, found ${a.found}.`,
  INPUT_TOO_LARGE: (a: { size: number; limit: number }) =>
    `the file is ${a.size} bytes, over the ${a.limit}-byte limit. Split it, or check that it is the right file.`,
  INPUT_BINARY: () => 'the file is not UTF-8 text (binary content). Point timmy at a text file.',
  INPUT_UNREADABLE: (a: { reason: string }) =>
    `cannot read the file: ${a.reason}. Check the path and permissions.`,
  SCHEMA_INVALID: (a: { path: string; expected: string; found?: string }) =>
    `"${a.path}" is invalid: expected ${a.expected}${a.found ? `, found ${a.found}` : ''}.`,
  SCHEMA_UNKNOWN_KEY: (a: { key: string; path: string; suggestion?: string }) =>
    `unknown key "${a.key}" in ${a.path || 'the top level'}.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ' Remove it.'}`,

  // ── plugins and hooks ──────────────────────────────────────────────────────────────────────────
  PLUGIN_DUPLICATE: (a: { name: string; first: string; second: string }) =>
    `two plugins are named "${a.name}" (${a.first} and ${a.second}). Rename or remove one of them.`,
  PLUGIN_MISSING_DEPENDENCY: (a: { plugin: string; dependency: string }) =>
    `plugin "${a.plugin}" depends on "${a.dependency}", which is not loaded. Install or enable "${a.dependency}", or remove "${a.plugin}".`,
  PLUGIN_DEPENDENCY_CYCLE: (a: { cycle: string }) =>
    `plugin dependencies form a cycle: ${a.cycle}. Break the cycle by removing one dependency.`,
  PLUGIN_INVALID_OPTIONS: (a: { plugin: string; path: string; expected: string }) =>
    `options of plugin "${a.plugin}" are invalid at "${a.path}": expected ${a.expected}. Fix pluginOptions.${a.plugin} in the config.`,
  PLUGIN_INVALID: (a: { source: string; reason: string }) =>
    `${a.source} is not a valid plugin: ${a.reason}. Default-export definePlugin({ name, version, options, setup }).`,
  PLUGIN_LOAD_FAILED: (a: { source: string; reason: string }) =>
    `could not load plugin ${a.source}: ${a.reason}. Fix the module so it imports cleanly.`,
  PLUGIN_UNSAFE_FOLDER: (a: { path: string; reason: string }) =>
    `refusing to load drop-in plugin folder ${a.path}: ${a.reason}. Run "chmod go-w ${a.path}" and make it owned by the user running timmy.`,
  PLUGIN_SETUP_FAILED: (a: { plugin: string; reason: string }) =>
    `plugin "${a.plugin}" failed during setup: ${a.reason}. Fix the plugin or disable it in the config.`,
  PLUGIN_HOOK_FAILED: (a: { plugin: string; hook: string; reason: string }) =>
    `plugin "${a.plugin}" threw in hook "${a.hook}": ${a.reason}. The other plugins kept running; fix or disable "${a.plugin}".`,
  PLUGIN_UNKNOWN_OPTIONS_KEY: (a: { key: string; suggestion?: string }) =>
    `pluginOptions names "${a.key}", which is not a loaded plugin.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ' Remove the entry.'}`,
  HOOK_TAP_AFTER_FREEZE: (a: { hook: string; tap: string }) =>
    `"${a.tap}" tried to tap hook "${a.hook}" after the host was frozen. Tap hooks inside your plugin's setup(), not later.`,
  HOOK_UNNAMED_TAP: (a: { hook: string }) =>
    `a tap on "${a.hook}" has no name. Name every tap after its plugin: hooks.${a.hook}.tap('my-plugin', fn).`,
  REGISTRY_DUPLICATE: (a: { kind: string; name: string; owner: string }) =>
    `${a.kind} "${a.name}" is already registered by "${a.owner}". Choose a different name.`,

  // ── store ──────────────────────────────────────────────────────────────────────────────────────
  STORE_OPEN_FAILED: (a: { path: string; reason: string }) =>
    `cannot open the store ${a.path}: ${a.reason}. Check that the file is a timmy SQLite database and its folder is writable, or move it aside to start fresh.`,
  STORE_READ_ONLY: (a: { path: string }) =>
    `the store ${a.path} is read-only. Give the user running timmy write access to the file and its folder.`,
  STORE_CORRUPT: (a: { path: string; reason: string }) =>
    `the store ${a.path} is corrupt (${a.reason}). Restore it from a backup, or move it aside so timmy creates a new one.`,
  STORE_MIGRATION_FAILED: (a: { module: string; version: number; reason: string }) =>
    `migration ${a.version} of "${a.module}" failed: ${a.reason}. The store was left at the previous version; fix the migration and restart.`,
  STORE_TOO_NEW: (a: { module: string; have: number; know: number }) =>
    `the store's "${a.module}" tables are at version ${a.have}, newer than this timmy knows (${a.know}). Upgrade timmy.`,

  // ── server ─────────────────────────────────────────────────────────────────────────────────────
  SERVER_LISTEN_FAILED: (a: { host: string; port: number; reason: string }) =>
    `cannot listen on ${a.host}:${a.port}: ${a.reason}. Choose another --port or stop whatever holds it.`,

  // ── skins ──────────────────────────────────────────────────────────────────────────────────────
  SKIN_INVALID: (a: { reason: string }) => `invalid skin: ${a.reason}.`,
  SKIN_NOT_FOUND: (a: { name: string; known: string }) =>
    `no skin named "${a.name}". Known skins: ${a.known || '(none)'}. Put <name>.yaml under skins/.`,
  SKIN_BAD_EXTENSION: (a: { file: string }) =>
    `${a.file} is not a .yaml file. Hermes only loads skins named <name>.yaml (not .yml): rename it.`,

  // ── queue and scheduler (core/queue) ── (add QUEUE_* codes here)

  // ── worker pool (core/pool) ── (add POOL_* codes here)

  // ── playbooks and lanes (core/playbook) ── (add PLAYBOOK_* codes here)

  // ── Gitea client and webhooks (core/gitea, core/server) ── (add GITEA_* codes here)

  // ── deploy, generations, policy (core/deploy, plugins/policy) ── (add DEPLOY_* codes here)

  // ── Hermes adapters and bridge (core/hermes) ── (add HERMES_* codes here)
  HERMES_EVENT_INVALID: (a: { path: string; expected: string }) =>
    `Hermes event is invalid at "${a.path}": expected ${a.expected}. Send {"hook": "<Hermes hook name>", "kwargs": {…}} as the timmy-bridge plugin and "timmy hook" do.`,
  HERMES_EVENT_MALFORMED: (a: { reason: string }) =>
    `the request to /hermes/events is not usable: ${a.reason}. POST JSON (content-type application/json): one event or an array of events.`,
  HERMES_EVENT_TOO_LARGE: (a: { limit: number }) =>
    `the request to /hermes/events is over the ${a.limit}-byte limit. Trim the event (drop conversation_history and raw requests) or raise pluginOptions.bridge.maxBodyBytes.`,
  HERMES_BATCH_TOO_LARGE: (a: { count: number; limit: number }) =>
    `a batch of ${a.count} events is over the limit of ${a.limit}. Send smaller batches, or raise pluginOptions.bridge.maxBatch.`,
  HERMES_BRIDGE_OVERLOADED: (a: { inFlight: number; limit: number }) =>
    `timmy is already processing ${a.inFlight} Hermes events (limit ${a.limit}); this request was refused, not lost. Retry later, or raise pluginOptions.bridge.maxInFlight.`,
  HERMES_SERVICE_MISSING: (a: { tool: string; service: string }) =>
    `"${a.tool}" needs the "${a.service}" service, which no loaded plugin provides. Enable the plugin that provides "${a.service}" (see "timmy plugins"), then restart "timmy mcp".`,
  HERMES_SERVICE_UNSUPPORTED: (a: { tool: string; service: string; method: string }) =>
    `"${a.tool}" needs "${a.service}.${a.method}()", which the loaded "${a.service}" service does not offer. Update the plugin that provides "${a.service}".`,
  HERMES_BRIDGE_UNREACHABLE: (a: { url: string; reason: string }) =>
    `timmy serve does not answer at ${a.url} (${a.reason}). Start "timmy serve" with the same TIMMY_HOME.`,
  HERMES_TOOL_BAD_ARGS: (a: { tool: string; reason: string }) =>
    `bad arguments for "${a.tool}": ${a.reason}. See the tool's input schema (tools/list).`,

  // ── budget plugin ── (add BUDGET_* codes here)

  // ── deadman plugin ── (add DEADMAN_* codes here)

  // ── triage, dispatch, orchestrator ── (add TRIAGE_* codes here)

  // ── provenance and training pipeline ── (add TRAIN_* codes here)
} as const

type Catalogue = typeof catalogue
export type ErrorKey = keyof Catalogue
export type ErrorCode = `TIMMY_ERR_${ErrorKey}`
type ArgsOf<K extends ErrorKey> = Parameters<Catalogue[K]>

type Factories = {
  [K in ErrorKey]: ArgsOf<K> extends []
    ? (args?: undefined, extra?: ErrorExtra) => TimmyError
    : (args: ArgsOf<K>[0], extra?: ErrorExtra) => TimmyError
}

/** Error factories: `throw E.CONFIG_UNKNOWN_KEY({ key }, { loc })`. */
export const E: Factories = Object.freeze(
  Object.fromEntries(
    Object.entries(catalogue).map(([key, msg]) => [
      key,
      (args: unknown, extra?: ErrorExtra) =>
        new TimmyError(`TIMMY_ERR_${key}`, (msg as (a: unknown) => string)(args), extra),
    ]),
  ),
) as unknown as Factories

/** Every code in the catalogue (for docs and the catalogue test). */
export const errorCodes: readonly ErrorCode[] = Object.keys(catalogue).map(
  (k) => `TIMMY_ERR_${k}` as ErrorCode,
)

/** The message of anything thrown, for wrapping. */
export function reasonOf(err: unknown): string {
  if (err instanceof TimmyError) return err.bare
  if (err instanceof Error) return err.message
  return String(err)
}
