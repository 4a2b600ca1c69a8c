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
  CLI_UNKNOWN_COMMAND: (a: { name: string; suggestion?: string | undefined; disabled?: string }) =>
    a.disabled
      ? `"${a.name}" is a command of the plugin "${a.disabled}", which the config disables (disabledPlugins). Remove it from disabledPlugins to use the command.`
      : `unknown command "${a.name}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Run "timmy --help" for the list.`,
  CLI_BAD_ARGS: (a: { command: string; reason: string }) =>
    `${a.reason}. Run "timmy${a.command ? ` ${a.command}` : ''} --help" for the accepted flags.`,
  CLI_SCAFFOLD_EXISTS: (a: { path: string; what: string; fix?: string }) =>
    `${a.path} already exists. ${a.what} writes only new files: ${a.fix ?? 'pick another name, or move the existing file away'}.`,
  CLI_SCAFFOLD_NO_PROJECT: (a: { dir: string; what: string }) =>
    `${a.dir} is not a timmy project (no playbooks/lanes.yaml). Run "timmy init" first (in an empty folder), then ${a.what} there.`,
  CLI_NOTHING_TO_VALIDATE: (a: { dir: string }) =>
    `nothing to validate: ${a.dir} and the folders above it hold no timmy.config.* and no playbooks/, skins/ or config/. Run "timmy init" in an empty folder to start a project, or name the files: timmy validate <paths…>.`,
  CLI_SCAFFOLD_NAME: (a: { name: string }) =>
    `"${a.name}" is not a usable name: use lower-case letters, digits and dashes, starting with a letter (e.g. "hello-world").`,
  CLI_INTERNAL: (a: { reason: string }) =>
    `unexpected internal error: ${a.reason}. Re-run with --debug for the stack and report it.`,

  // ── config ─────────────────────────────────────────────────────────────────────────────────────
  CONFIG_NOT_FOUND: (a: { path: string }) =>
    `config file ${a.path} does not exist. Check the --config path, or omit it to search the current directory.`,
  CONFIG_LOAD_FAILED: (a: { path: string; reason: string }) =>
    `could not load config ${a.path}: ${a.reason}. Fix the file so it evaluates and default-exports defineConfig({...}).`,
  CONFIG_UNKNOWN_KEY: (a: { key: string; suggestion?: string }) =>
    `unknown config key "${a.key}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ' Remove it.'}`,
  CONFIG_KEY_MOVED: (a: { key: string; plugin: string }) =>
    `config key "${a.key}" belongs under "pluginOptions.${a.plugin}" (the ${a.plugin} plugin's options). Move the section there unchanged: pluginOptions: { ${a.plugin}: { ... } }.`,
  CONFIG_INVALID: (a: { path: string; expected: string }) =>
    `config value at "${a.path}" is invalid: expected ${a.expected}.`,
  CONFIG_UNSAFE: (a: { path: string; reason: string }) =>
    `refusing to read ${a.path}: ${a.reason}, so another user could run code as you. Make it yours and writable by you alone (chown, "chmod go-w ${a.path}"), or pass --config <your file>.`,
  HOME_UNSAFE: (a: { path: string; reason: string }) =>
    `refusing to use ${a.path}: ${a.reason}, so another user could take over timmy's state. Make TIMMY_HOME yours and private ("chown -R $(id -u) <home>", "chmod 700 <home>", "chmod go-w ${a.path}"), or set TIMMY_HOME to a folder of your own.`,
  CONFIG_BAD_ENV: (a: { name: string; reason: string }) =>
    `environment variable ${a.name} is invalid: ${a.reason}.`,

  // ── YAML / input files ─────────────────────────────────────────────────────────────────────────
  YAML_TOO_DEEP: (a: { limit: number }) =>
    `YAML nested more than ${a.limit} levels deep. Flatten the structure; no timmy or Hermes file needs that depth.`,
  YAML_SYNTAX: (a: { reason: string }) =>
    `YAML syntax error: ${a.reason}. Fix the YAML at the marked position.`,
  YAML_TABS: () => 'tab character used for indentation. YAML indents with spaces only: replace the tab.',
  YAML_DUPLICATE_KEY: (a: { key: string }) =>
    `duplicate key "${a.key}". Each key may appear once in a mapping: remove or rename one.`,
  YAML_ALIAS_LIMIT: () =>
    'too many YAML aliases (a possible alias bomb). Write the data out instead of expanding anchors.',
  YAML_EMPTY: () => 'the file is empty. Write the expected mapping, or delete the file.',
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
    `refusing to load drop-in plugin ${a.path}: ${a.reason}. A drop-in must be a real folder owned by the user running timmy and writable by nobody else ("chmod -R go-w <folder>").`,
  PLUGIN_SETUP_FAILED: (a: { plugin: string; reason: string }) =>
    `plugin "${a.plugin}" failed during setup: ${a.reason}. Fix the plugin or disable it in the config.`,
  PLUGIN_HOOK_FAILED: (a: { plugin: string; hook: string; reason: string }) =>
    `plugin "${a.plugin}" threw in hook "${a.hook}": ${a.reason}. The other plugins kept running; fix or disable "${a.plugin}".`,
  SERVICE_MISSING: (a: { plugin: string; service: string }) =>
    `plugin "${a.plugin}" needs the service "${a.service}", which no loaded plugin provides. Load the plugin that provides it (or remove it from disabledPlugins), or disable "${a.plugin}".`,
  SERVICE_NOT_PROVIDED: (a: { plugin: string; service: string }) =>
    `plugin "${a.plugin}" declares that it provides the service "${a.service}" but its setup never called host.provide("${a.service}", …). Provide it in setup, or remove it from "provides".`,
  EFFECT_NO_HANDLER: (a: { plugin: string; kind: string; known: string }) =>
    `plugin "${a.plugin}" emits effects of kind "${a.kind}", which no loaded plugin handles (handled: ${a.known}). Load the plugin that handles it, or stop emitting it.`,
  EFFECT_INVALID_PAYLOAD: (a: { kind: string; plugin: string; path: string; expected: string }) =>
    `effect "${a.kind}" does not match the payload schema of plugin "${a.plugin}": at ${a.path} expected ${a.expected}. Fix the step or code that emitted it.`,
  PLUGIN_UNKNOWN_OPTIONS_KEY: (a: { key: string; suggestion?: string }) =>
    `pluginOptions names "${a.key}", which is not a loaded plugin.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ' Remove the entry.'}`,
  HOOK_TAP_AFTER_FREEZE: (a: { hook: string; tap: string }) =>
    `"${a.tap}" tried to tap hook "${a.hook}" after the host was frozen. Tap hooks inside your plugin's setup(), not later.`,
  HOOK_UNNAMED_TAP: (a: { hook: string }) =>
    `a tap on "${a.hook}" has no name. Name every tap after its plugin: hooks.${a.hook}.tap('my-plugin', fn).`,
  EFFECT_UNHANDLED: (a: { kind: string; known: string }) =>
    `no plugin handles effects of kind "${a.kind}" (handled: ${a.known || 'none'}). Enable the plugin that applies it (e.g. gitea for gitea.*).`,
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
  SERVER_NOT_LOOPBACK: (a: { host: string }) =>
    `refusing to listen on ${a.host}: it is not a loopback address and no TLS is configured, so Hermes events and the secret would cross the network in clear. Use --host 127.0.0.1, or set server.tls.cert and server.tls.key (every POST then also needs the secret in $TIMMY_HOME/secret).`,
  SERVER_TLS_UNREADABLE: (a: { file: string; reason: string }) =>
    `cannot read the TLS file ${a.file}: ${a.reason}. Fix server.tls.cert / server.tls.key in the config.`,
  SERVER_UNAUTHORIZED: () =>
    'this request must be signed with the per-install secret $TIMMY_HOME/secret: "Authorization: Timmy ts=<unix ms>,nonce=<hex>,mac=<HMAC-SHA256(secret, ts.nonce.METHOD.path.sha256(body))>", within 60 s, each nonce once (timmy hook and the timmy-bridge plugin do), or post to the Unix socket $TIMMY_HOME/bridge.sock; "Authorization: Bearer <secret>" only with server.acceptBearer. "timmy secret rotate" makes a new secret.',
  SERVER_ALREADY_RUNNING: (a: { home: string; what: string }) =>
    `another timmy serve already runs on ${a.home} (${a.what}). Two serves on one TIMMY_HOME would share one store and one bridge socket: stop the other one, or start this one with another TIMMY_HOME.`,
  SERVER_BAD_HOST: (a: { host: string }) =>
    `the Host header ${JSON.stringify(a.host.slice(0, 100))} is not a name of this timmy (a DNS-rebinding guard). Call it as http://127.0.0.1:<port> or http://localhost:<port>, or list the name in server.allowedHosts.`,

  // ── skins ──────────────────────────────────────────────────────────────────────────────────────
  // ── playbooks and lanes (core/playbook) ── (add PLAYBOOK_* codes here)
  // ── triage, dispatch, orchestrator ── (add TRIAGE_* codes here)
  // ── provenance and training pipeline ── (add TRAIN_* codes here)
} as const

type Catalogue = typeof catalogue

/** Message builders by AREA_WHAT (a plugin's own catalogue, for defineErrors). */
export type ErrorCatalogue = Record<string, (a: never) => string>

/** Factories for a catalogue: `E.KEY(args, { loc, cause, exitCode })` makes a TimmyError `TIMMY_ERR_KEY`. */
export type Factories<C extends ErrorCatalogue = Catalogue> = {
  [K in keyof C]: Parameters<C[K]> extends []
    ? (args?: undefined, extra?: ErrorExtra) => TimmyError
    : (args: Parameters<C[K]>[0], extra?: ErrorExtra) => TimmyError
}

/**
 * A plugin's (or training's) own coded errors, beside core's: `export const E = { ...coreE,
 * ...defineErrors({ AREA_WHAT: (a: {…}) => 'what is wrong. What to do.' }) }` in its errors.ts.
 */
export function defineErrors<C extends ErrorCatalogue>(catalogue: C): Factories<C> {
  return Object.freeze(
    Object.fromEntries(
      Object.entries(catalogue).map(([key, msg]) => [
        key,
        (args: unknown, extra?: ErrorExtra) =>
          new TimmyError(`TIMMY_ERR_${key}`, (msg as (a: unknown) => string)(clipArgs(args)), extra),
      ]),
    ),
  ) as unknown as Factories<C>
}

/** Core's error factories: `throw E.CONFIG_UNKNOWN_KEY({ key }, { loc })`. */
export const E: Factories = defineErrors(catalogue)

/** Longest message parameter echoed whole; a longer one (a pasted file, a hostile value) is clipped to one short line. */
const MAX_ECHO = 500

function clipArgs(args: unknown): unknown {
  if (!args || typeof args !== 'object') return args
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(args))
    out[k] = typeof v === 'string' && v.length > MAX_ECHO ? clip(v) : v
  return out
}

function clip(text: string): string {
  const line = text.split('\n', 1)[0]!.slice(0, 120)
  return `${line}… (${text.length - line.length} more characters)`
}

/** The message of anything thrown, for wrapping. */
export function reasonOf(err: unknown): string {
  if (err instanceof TimmyError) return err.bare
  if (err instanceof Error) return err.message
  return String(err)
}
