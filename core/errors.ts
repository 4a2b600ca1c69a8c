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
  POOL_STEP_THREW: (a: { step: string; reason: string }) =>
    `step "${a.step}" threw: ${a.reason}. Fix the step (or its input); the pool stays healthy and other steps go on.`,
  POOL_STEP_TIMEOUT: (a: { step: string; timeoutMs: number }) =>
    `step "${a.step}" did not finish within ${a.timeoutMs} ms and was stopped. Raise the step's "timeout:" or fix the step so it returns.`,
  POOL_STEP_OUT_OF_MEMORY: (a: { step: string; limitMb: number }) =>
    `step "${a.step}" ran out of memory (limit ${a.limitMb} MB) and its worker was replaced. Make the step use less memory, or raise pool.maxMemoryMb in the config.`,
  POOL_STEP_ABORTED: (a: { step: string; reason: string }) =>
    `step "${a.step}" was cancelled: ${a.reason}. Nothing to fix unless the cancellation was unexpected.`,
  POOL_STEP_NOT_FOUND: (a: { step: string; module: string; known: string }) =>
    `the steps module ${a.module} has no step "${a.step}" (exports: ${a.known || 'none'}). Export an async function with that name.`,
  POOL_MODULE_LOAD_FAILED: (a: { module: string; reason: string }) =>
    `cannot load the steps module ${a.module} in a worker: ${a.reason}. Fix the module so it imports cleanly (steps may only import plain modules).`,
  POOL_BAD_RESULT: (a: { step: string; reason: string }) =>
    `step "${a.step}" returned an invalid result: ${a.reason}. Return { output, effects?, usage? } of plain data.`,
  POOL_WORKER_CRASHED: (a: { step: string; reason: string }) =>
    `the worker running step "${a.step}" crashed: ${a.reason}. It was replaced; fix the step.`,
  POOL_CLOSED: () => 'the worker pool is closed. Start a new run; this happens when timmy is shutting down.',

  // ── playbooks and lanes (core/playbook) ── (add PLAYBOOK_* codes here)
  PLAYBOOK_UNKNOWN_PLUGIN: (a: { use: string; plugin: string; suggestion?: string }) =>
    `step "${a.use}" names plugin "${a.plugin}", which is not loaded or has no steps.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Install or enable the plugin (see "timmy plugins"), or fix "use:".`,
  PLAYBOOK_UNKNOWN_STEP: (a: { use: string; plugin: string; known: string; suggestion?: string }) =>
    `plugin "${a.plugin}" has no step "${a.use}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Its steps: ${a.known || '(none)'}.`,
  PLAYBOOK_UNKNOWN_LANE: (a: { lane: string; known: string; suggestion?: string }) =>
    `unknown lane "${a.lane}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Lanes in lanes.yaml: ${a.known || '(none)'}.`,
  PLAYBOOK_LANES_NOT_FOUND: (a: { path: string }) =>
    `no lanes file at ${a.path}. Put a lanes.yaml (with "lanes:") beside the playbooks.`,
  PLAYBOOK_BAD_LANE_NAME: (a: { lane: string }) =>
    `lane name "${a.lane}" is invalid: use lowercase letters, digits and "-".`,
  PLAYBOOK_BUDGET_SHARES: (a: { total: number }) =>
    `the lanes' budgetShare values add up to ${a.total}, more than 1. Lower some shares so they sum to at most 1.`,
  PLAYBOOK_BAD_CRON: (a: { expr: string; reason: string }) =>
    `"${a.expr}" is not a valid cron expression (${a.reason}). Write 5 or 6 fields, e.g. "*/5 * * * *".`,
  PLAYBOOK_DUPLICATE_STEP_ID: (a: { id: string }) =>
    `two steps have the id "${a.id}". Give one of them its own "id:".`,
  PLAYBOOK_BAD_EXPRESSION: (a: { expr: string; reason: string }) =>
    `cannot parse the expression "${a.expr}": ${a.reason}. Write e.g. steps.classify.output.kind == 'bug'.`,
  PLAYBOOK_UNKNOWN_REF: (a: { ref: string; known: string; suggestion?: string }) =>
    `the expression refers to step "${a.ref}", which this playbook does not have.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Step ids: ${a.known || '(none)'}.`,
  PLAYBOOK_FORWARD_REF: (a: { step: string; ref: string }) =>
    `step "${a.step}" refers to step "${a.ref}", which runs later (or is itself). Refer only to earlier steps, or move the step.`,
  PLAYBOOK_IF_CYCLE: (a: { cycle: string }) =>
    `the steps' "if:"/"with:" references form a cycle: ${a.cycle}. Break it: a step may only use outputs of earlier steps.`,
  PLAYBOOK_UNHANDLED_EFFECT: (a: { kind: string; step: string; known: string }) =>
    `step "${a.step}" produces effect "${a.kind}", which no plugin handles. Enable the plugin that handles it (handled kinds: ${a.known || 'none'}).`,
  PLAYBOOK_EFFECT_FAILED: (a: { kind: string; step: string; reason: string }) =>
    `applying effect "${a.kind}" of step "${a.step}" failed: ${a.reason}. Later effects and steps were not applied; fix the cause and run again.`,
  PLAYBOOK_NOT_FOUND: (a: { name: string; searched: string }) =>
    `no playbook "${a.name}" (looked in ${a.searched}). Give a file path or the name of a playbooks/<name>.yaml.`,
  PLAYBOOK_SERVICE_MISSING: () =>
    'the "playbooks" plugin is not loaded. Remove "playbooks" from disabledPlugins in the config.',
  PLAYBOOK_GITEA_UNAVAILABLE: (a: { reason: string }) =>
    `--issue needs the Gitea client, but ${a.reason}. Enable the gitea plugin and configure gitea in the config, or pass --event <file> instead.`,
  PLAYBOOK_BAD_ISSUE_REF: (a: { ref: string }) =>
    `"${a.ref}" is not an issue reference. Write owner/repo#N, e.g. acme/widgets#5.`,
  PLAYBOOK_BAD_WITH: (a: { arg: string }) =>
    `--with "${a.arg}" is not key=value. Write e.g. --with dryRun=true.`,
  PLAYBOOK_BAD_EVENT: (a: { reason: string }) =>
    `the event is not usable: ${a.reason}. Give a Gitea webhook payload or a work item { event, payload }.`,
  PLAYBOOK_REPO_NOT_ALLOWED: (a: { lane: string; repo: string; allowed: string }) =>
    `lane "${a.lane}" may not touch ${a.repo} (allowed: ${a.allowed}). Add the repo to the lane's "repos:" in lanes.yaml, or route it to another lane.`,
  PLAYBOOK_RUN_NOT_FOUND: (a: { id: string }) =>
    `no stored run "${a.id}". List recent runs with "timmy run-playbook --runs".`,
  PLAYBOOK_FIXTURE_INVALID: (a: { reason: string }) => `invalid playbook fixture: ${a.reason}.`,

  // ── Gitea client and webhooks (core/gitea, core/server) ── (add GITEA_* codes here)

  // ── deploy, generations, policy (core/deploy, plugins/policy) ── (add DEPLOY_* codes here)

  // ── Hermes adapters and bridge (core/hermes) ── (add HERMES_* codes here)

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
