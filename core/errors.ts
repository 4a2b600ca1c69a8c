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
    `${a.reason}. Run "timmy${a.command ? ` ${a.command}` : ''} --help" for the accepted flags.`,
  CLI_SCAFFOLD_EXISTS: (a: { path: string; what: string }) =>
    `${a.path} already exists. ${a.what} writes only new files: run it in an empty folder, or pick another name.`,
  CLI_SCAFFOLD_NO_PROJECT: (a: { dir: string; what: string }) =>
    `${a.dir} is not a timmy project (no playbooks/lanes.yaml). Run "timmy init" first (in an empty folder), then ${a.what} there.`,
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
    `config key "${a.key}" has moved to "pluginOptions.${a.plugin}" (the ${a.plugin} plugin's options). Move the section there unchanged: pluginOptions: { ${a.plugin}: { ... } }.`,
  CONFIG_INVALID: (a: { path: string; expected: string }) =>
    `config value at "${a.path}" is invalid: expected ${a.expected}.`,
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
  YAML_UNKNOWN_TAG: (a: { tag: string }) =>
    `the tag ${a.tag} is not one Hermes' YAML loader (PyYAML safe_load) knows, so Hermes would refuse the whole file. Remove the tag, or use a standard one (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map, !!timestamp, !!binary, !!set, !!omap, !!pairs).`,
  JSON_SYNTAX: (a: { reason: string }) =>
    `invalid JSON: ${a.reason}. Python's json module (Hermes' reader) accepts strict JSON only: no trailing commas, no comments, double-quoted keys.`,
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
  SKIN_INVALID: (a: { reason: string }) => `invalid skin: ${a.reason}.`,
  SKIN_NOT_FOUND: (a: { name: string; known: string }) =>
    `no skin named "${a.name}". Known skins: ${a.known || '(none)'}. Put <name>.yaml under skins/.`,
  SKIN_BAD_EXTENSION: (a: { file: string }) =>
    `${a.file} is not a .yaml file. Hermes only loads skins named <name>.yaml (not .yml): rename it.`,

  // ── queue and scheduler (core/queue) ── (add QUEUE_* codes here)
  QUEUE_UNKNOWN_TASK: (a: { task: string; suggestion?: string }) =>
    `no task named "${a.task}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Define it with queue.define(), a plugin's tasks, or host.registerTask(); "timmy plugins" lists the tasks.`,
  QUEUE_BAD_ARGS: (a: { task: string; reason: string }) =>
    `the arguments of task "${a.task}" cannot be stored: ${a.reason}. Pass plain JSON data (objects, arrays, strings, finite numbers, booleans, null).`,
  QUEUE_BAD_OPTION: (a: { option: string; reason: string }) =>
    `enqueue option "${a.option}" is invalid: ${a.reason}.`,
  QUEUE_BAD_CRON: (a: { name: string; cron: string; reason: string }) =>
    `the schedule "${a.cron}" of periodic task "${a.name}" is not a valid cron expression (${a.reason}). Use 5 or 6 fields, e.g. "*/5 * * * *".`,
  QUEUE_BAD_TIMEZONE: (a: { name: string; timezone: string }) =>
    `periodic task "${a.name}" names an unknown time zone "${a.timezone}". Use an IANA name such as "Europe/Berlin" or "UTC".`,
  QUEUE_DUPLICATE_TASK: (a: { task: string }) =>
    `task "${a.task}" is already defined. Choose a different name.`,
  QUEUE_JOB_NOT_FOUND: (a: { id: string }) =>
    `no job with id ${a.id}. Run "timmy tasks list" to see the jobs (finished jobs are pruned after their time to live).`,
  QUEUE_BAD_STATE: (a: { id: string; state: string; action: string }) =>
    `job ${a.id} is ${a.state}, so it cannot be ${a.action}. Run "timmy tasks show ${a.id}" to see it.`,
  QUEUE_NOT_SERIALISABLE_RESULT: (a: { task: string; reason: string }) =>
    `task "${a.task}" returned a value that cannot be stored: ${a.reason}. Return plain JSON data.`,
  QUEUE_TIMEOUT: (a: { task: string; timeoutMs: number }) =>
    `task "${a.task}" ran longer than its timeout (${a.timeoutMs} ms) and was abandoned. Make it faster, honour ctx.signal, or raise its timeout.`,
  QUEUE_CLOSED: () => 'the queue is closed. Enqueue before shutdown starts.',
  QUEUE_BUSY: (a: { path: string }) =>
    `the store ${a.path} stayed locked by another process past the busy timeout, three times. Find the process holding a long write transaction, or raise store.busyTimeoutMs.`,

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
  PLAYBOOK_RECORD_FAILED: (a: { plugin: string; hook: string; reason: string }) =>
    `plugin "${a.plugin}" could not record ${a.hook === 'usage' ? "this run's token usage" : 'a step of this run'} (${a.hook} hook): ${a.reason}. The work was done but its record is missing: fix the cause, then check \`timmy budget report\`.`,
  PLAYBOOK_NEEDS_OUTPUT: (a: { step: string; ref: string; outcome: string }) =>
    `step "${a.step}" reads the output of step "${a.ref}", which ${a.outcome === 'skipped' ? 'was skipped' : a.outcome === 'vetoed' ? 'was vetoed' : 'failed'}; it was not run.`,
  PLAYBOOK_NOT_FOUND: (a: { name: string; searched: string; suggestion?: string }) =>
    `no playbook "${a.name}" (looked in ${a.searched}).${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Give a file path or the name of a playbooks/<name>.yaml.`,
  PLAYBOOK_NO_FIXTURES: (a: { name: string; searched: string; suggestion?: string }) =>
    `no fixtures for playbook "${a.name}" (no fixtures/${a.name}/<case>/ in ${a.searched}).${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Add a case folder with event.json and expect.yaml, or leave out --playbook.`,
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
  PLAYBOOK_EFFECT_REPO_NOT_ALLOWED: (a: {
    kind: string
    step: string
    repo: string
    lane: string
    allowed: string
  }) =>
    `step "${a.step}" produces effect "${a.kind}" on ${a.repo}, which lane "${a.lane}" may not touch (allowed: ${a.allowed || 'none'}); the step's effects were refused. Add the repo to the lane's "repos:" in lanes.yaml, or aim the step at a repo the lane takes.`,
  PLAYBOOK_RUN_NOT_FOUND: (a: { id: string }) =>
    `no stored run "${a.id}". List recent runs with "timmy run-playbook --runs".`,
  PLAYBOOK_FIXTURE_INVALID: (a: { reason: string }) => `invalid playbook fixture: ${a.reason}.`,
  PLAYBOOK_UNKNOWN_INPUT: (a: { step: string; key: string; known: string; suggestion?: string }) =>
    `step ${a.step} takes no input "${a.key}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Its inputs: ${a.known}.`,
  PLAYBOOK_BAD_INPUT: (a: { step: string; key: string; expected: string; found: string }) =>
    `input "${a.key}" of step ${a.step} must be ${a.expected}, found ${a.found}. Fix the value under with:.`,
  PLAYBOOK_MISSING_INPUT: (a: { step: string; key: string; expected: string }) =>
    `step ${a.step} needs input "${a.key}" (${a.expected}). Add it under with:.`,
  PLAYBOOK_BAD_OUTPUT_PATH: (a: { path: string; reason: string; suggestion?: string }) =>
    `"${a.path}" names nothing: ${a.reason}.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''}`,
  PLAYBOOK_UNKNOWN_EVENT: (a: { event: string; suggestion?: string; known: string }) =>
    `timmy receives no event "${a.event}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Events: ${a.known} (or <event>.* for every action).`,
  PLAYBOOK_NO_PROJECT: (a: { cwd: string }) =>
    `no timmy project here: no timmy.config.* and no playbooks/ folder in ${a.cwd} or any folder above it. Run it inside a project, give the playbooks folder (timmy test-playbooks <dir>), or pass --config.`,
  PLAYBOOK_FIXTURE_UNKNOWN_STUB: (a: { key: string; playbook: string; known: string; suggestion?: string }) =>
    `stub "${a.key}" names no step of playbook ${a.playbook}.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Key a stub by a step id or its use: ${a.known}.`,
  PLAYBOOK_FIXTURE_NO_EVENT: (a: { dir: string }) =>
    `fixture ${a.dir} has no event.json. Save the webhook payload (or a work item { event, payload }) there; for a manual run write { "event": "manual", "payload": {} }.`,
  PLAYBOOK_FIXTURE_MISMATCH: (a: { what: string }) =>
    `${a.what}. Fix the playbook, or the expectation (timmy test-playbooks --update rewrites it from the run).`,

  // ── Gitea client and webhooks (core/gitea, core/server) ── (add GITEA_* codes here)
  GITEA_NOT_FOUND: (a: { method: string; path: string; message: string }) =>
    `Gitea answered 404 for ${a.method} ${a.path}${a.message ? ` (${a.message})` : ''}. Check the owner/repo and number, and that the token's user can see the repository (a private repo answers 404).`,
  GITEA_UNAUTHORIZED: (a: { method: string; path: string; message: string }) =>
    `Gitea refused the token (401) for ${a.method} ${a.path}${a.message ? `: ${a.message}` : ''}. Create a new access token and write it to $HERMES_HOME/gitea_token (chmod 600).`,
  GITEA_FORBIDDEN: (a: { method: string; path: string; message: string }) =>
    `Gitea answered 403 for ${a.method} ${a.path}${a.message ? ` (${a.message})` : ''}. Give the token's user write access to the repository, or a token with the missing scope.`,
  GITEA_CONFLICT: (a: { method: string; path: string; message: string }) =>
    `Gitea answered 409 for ${a.method} ${a.path}${a.message ? ` (${a.message})` : ''}. Re-read the item and retry with its current state.`,
  GITEA_VALIDATION: (a: { method: string; path: string; status: number; message: string }) =>
    `Gitea rejected ${a.method} ${a.path} as invalid (${a.status})${a.message ? `: ${a.message}` : ''}. Fix the request fields named in the message.`,
  GITEA_RATE_LIMITED: (a: { method: string; path: string; status: number; retryAfterMs?: number }) =>
    `Gitea (or a proxy before it) is rate-limiting ${a.method} ${a.path} (${a.status}${a.retryAfterMs !== undefined ? `, retry after ${Math.ceil(a.retryAfterMs / 1000)} s` : ''}). Lower gitea.writesPerMinute or wait, then retry.`,
  GITEA_SERVER_ERROR: (a: { method: string; path: string; status: number; message: string }) =>
    `Gitea failed on ${a.method} ${a.path} (${a.status})${a.message ? `: ${a.message}` : ''}. Check the server's health and logs; idempotent requests were already retried.`,
  GITEA_NETWORK: (a: { method: string; path: string; reason: string }) =>
    `cannot reach Gitea for ${a.method} ${a.path}: ${a.reason}. Check gitea.url (or GITEA_URL) and the network.`,
  GITEA_TIMEOUT: (a: { method: string; path: string; timeoutMs: number }) =>
    `Gitea did not answer ${a.method} ${a.path} within ${a.timeoutMs} ms. Raise gitea.timeoutMs or check the server.`,
  GITEA_MERGE_NOT_ALLOWED: (a: { path: string; message: string }) =>
    `Gitea will not merge ${a.path} (405): ${a.message || 'not allowed'}. Wait for checks/approvals, mark the PR ready, or pick a merge style the repository allows.`,
  GITEA_MERGE_CONFLICT: (a: { path: string; message: string }) =>
    `merging ${a.path} conflicts (409): ${a.message || 'conflict'}. Update the PR branch from its base and resolve the conflicts, then merge again.`,
  GITEA_UNKNOWN_USER: (a: { users: string }) =>
    `unknown Gitea user(s): ${a.users}. Check the usernames (Gitea answers 500 for an unknown assignee, so timmy checks first).`,
  GITEA_UNKNOWN_LABEL: (a: { repo: string; labels: string }) =>
    `the repository ${a.repo} has no label(s) ${a.labels}. Create them in Gitea, or pass create: true to have timmy create them.`,
  GITEA_BAD_REPO: (a: { repo: string }) => `"${a.repo}" is not a repository name. Write it as owner/name.`,
  GITEA_NO_URL: () =>
    'no Gitea URL is configured. Set gitea.url in timmy.config.ts or the GITEA_URL environment variable.',
  GITEA_NO_TOKEN: (a: { tried: string }) =>
    `no Gitea token found (looked in ${a.tried}). Write the token to $HERMES_HOME/gitea_token and run "chmod 600" on it, or set gitea.tokenFile.`,
  GITEA_TOKEN_INSECURE: (a: { file: string; mode: string }) =>
    `the token file ${a.file} is readable by other users (mode ${a.mode}). Run "chmod 600 ${a.file}" so only you can read it.`,
  GITEA_TOKEN_UNREADABLE: (a: { file: string; reason: string }) =>
    `cannot read the token file ${a.file}: ${a.reason}. Check the path and that it belongs to the user running timmy.`,
  GITEA_WEBHOOK_NO_SECRET: () =>
    'the Gitea webhook receiver has no secret, so it refuses deliveries. Set gitea.webhookSecret (or GITEA_WEBHOOK_SECRET) to the secret configured on the Gitea webhook, or set gitea.insecure: true on a trusted network only.',
  GITEA_BAD_EFFECT: (a: { kind: string; reason: string }) =>
    `effect ${a.kind} is malformed: ${a.reason}. Fix the step that produced it.`,

  // ── deploy, generations, policy (core/deploy, plugins/policy) ── (add DEPLOY_* codes here)
  DEPLOY_HERMES_HOME_NOT_DIR: (a: { path: string }) =>
    `HERMES_HOME (${a.path}) is not a folder. HERMES_HOME must be a folder (Hermes' home, e.g. ~/.hermes): point the variable at one, or move the file away.`,
  DEPLOY_NO_OVERLAY: (a: { dir: string }) =>
    `no overlay found: ${a.dir} has no config/ folder. Run timmy deploy in the project folder that holds config/ (or set deploy.source).`,
  DEPLOY_BAD_FILE: (a: { reason: string }) =>
    `overlay file is invalid: ${a.reason}. Fix the file and deploy again.`,
  DEPLOY_CONFIG_VERSION_SHIPPED: () =>
    'the overlay config.yaml sets _config_version, which Hermes manages itself. Remove the key.',
  DEPLOY_UNDOCUMENTED_VAR: (a: { name: string; doc: string }) =>
    `\${${a.name}} is used but not documented. Add a line "${a.name}=" (with a comment) to ${a.doc}.`,
  DEPLOY_PATH_ESCAPE: (a: { path: string; root: string }) =>
    `refusing to write ${a.path}: it resolves outside ${a.root}. Remove the symlink or rename the overlay file.`,
  DEPLOY_VETOED: (a: { by: string; reason: string }) =>
    `deploy refused by "${a.by}": ${a.reason}. Nothing was written; fix the overlay and deploy again.`,
  DEPLOY_POLICY_VIOLATION: (a: { reason: string }) =>
    `policy violation: ${a.reason}. Change the value, or extend config/policy.yaml if it is really allowed.`,
  DEPLOY_POLICY_WIDENED: (a: { entry: string }) =>
    `config/policy.yaml allows "${a.entry}", which the operator's policy does not: an overlay may narrow the policy, never widen it. Remove the entry, or add it to pluginOptions.policy.allowedBaseUrls in timmy's own config.`,
  DEPLOY_WEBHOOK_UNSAFE: (a: { reason: string }) =>
    `the deploy webhook is enabled but ${a.reason}. Set deploy.webhook.repo ("owner/name") and deploy.webhook.remote (an https://, ssh:// or git:// URL, or user@host:path) in timmy's config, or set deploy.webhook.enabled: false.`,
  DEPLOY_DRIFT: (a: { drift: string; generation: number }) =>
    `drift: ${a.drift} since timmy deployed generation ${a.generation}; nothing was deployed. Run "timmy deploy --adopt" to keep Hermes' edits as a new generation, or "timmy deploy --restore" to deploy the overlay over them.`,
  DEPLOY_NO_DRIFT: () => 'there is no drift to adopt: every managed file is as timmy deployed it.',
  DEPLOY_NO_GENERATION: (a: { generation: string; known: string }) =>
    `there is no generation ${a.generation}. Known generations: ${a.known || '(none)'}; run "timmy generations".`,
  DEPLOY_NOTHING_TO_ROLL_BACK: () =>
    'there is no earlier good generation to roll back to. Run "timmy generations" to see them, or deploy a fixed overlay.',
  DEPLOY_LOCKED: (a: { pid: number; file: string }) =>
    `another deploy (pid ${a.pid}) is running. Wait for it to finish; if no such process exists, remove ${a.file}.`,
  DEPLOY_GENERATION_CORRUPT: (a: { generation: number; reason: string }) =>
    `generation ${a.generation} is damaged (${a.reason}). Deploy again to make a fresh generation, or roll back to another one.`,
  DEPLOY_PULL_FAILED: (a: { repo: string; reason: string }) =>
    `could not pull the config repo into ${a.repo}: ${a.reason}. Check deploy.webhook.workdir and that git can reach the remote.`,

  // ── Hermes adapters and bridge (core/hermes) ── (add HERMES_* codes here)
  HERMES_CRON_BAD_SCHEDULE: (a: { schedule: string }) =>
    `schedule "${a.schedule}" is not one Hermes understands. Use a 5-field cron ("0 9 * * *"), "every 30m", a duration ("2h") or an ISO time.`,
  HERMES_CRON_UNSAFE: (a: { field: string; reason: string }) =>
    `cron job field "${a.field}" is not argv-safe: ${a.reason}. Name a script file under $HERMES_HOME/scripts/ (letters, digits, . _ - /), never a shell command.`,
  HERMES_CRON_DUPLICATE_ID: (a: { id: string }) =>
    `two cron jobs have the id "${a.id}". Give each job its own id.`,
  HERMES_JOBS_UNREADABLE: (a: { file: string; reason: string }) =>
    `cannot read Hermes' ${a.file}: ${a.reason}. Fix or move the file aside (Hermes recreates it), then deploy again.`,
  HERMES_LOCK_TIMEOUT: (a: { file: string; seconds: number }) =>
    `timed out after ${a.seconds}s waiting for the lock ${a.file} (Hermes is writing its cron jobs). Try again in a moment.`,
  HERMES_LOCK_UNAVAILABLE: (a: { file: string }) =>
    `cannot take Hermes' lock ${a.file}: flock(1) is not on the PATH, and timmy never writes cron/jobs.json without it. Install flock (util-linux; on macOS "brew install flock") and deploy again; nothing was changed.`,
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
  HERMES_BRIDGE_NOT_RUNNING: (a: { home: string }) =>
    `timmy serve is not running (no live ${a.home}/bridge.json of this user). Start "timmy serve" with the same TIMMY_HOME.`,
  HERMES_BRIDGE_UNREACHABLE: (a: { url: string; reason: string }) =>
    `timmy serve does not answer at ${a.url} (${a.reason}). Start "timmy serve" with the same TIMMY_HOME.`,
  HERMES_TOOL_BAD_ARGS: (a: { tool: string; reason: string }) =>
    `bad arguments for "${a.tool}": ${a.reason}. See the tool's input schema (tools/list).`,
  HERMES_PLAYBOOK_NOT_A_NAME: (a: { given: string }) =>
    `run_playbook takes the name of a playbook in the project's playbooks folder (e.g. "bug-fixer"), not a path: got ${JSON.stringify(a.given.slice(0, 120))}. Add the playbook to the project's playbooks/ and call it by name.`,

  // ── budget plugin ── (add BUDGET_* codes here)
  BUDGET_INVALID_CAP: (a: { budget: string; field: string; value: unknown }) =>
    `budget "${a.budget}" has ${a.field} = ${JSON.stringify(a.value)}; a cap must be a finite number >= 0. Fix pluginOptions.budget.budgets.`,
  BUDGET_UNKNOWN_WINDOW: (a: { budget: string; window: string; suggestion?: string }) =>
    `budget "${a.budget}" has window "${a.window}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Use one of: hourly, daily, weekly, monthly.`,
  BUDGET_UNKNOWN_TIMEZONE: (a: { budget: string; timezone: string }) =>
    `budget "${a.budget}" names time zone "${a.timezone}", which this Node does not know. Use an IANA name such as "UTC" or "America/New_York".`,
  BUDGET_INVALID: (a: { budget: string; reason: string }) =>
    `budget "${a.budget}" is invalid: ${a.reason}. Fix pluginOptions.budget.budgets.`,
  BUDGET_BAD_USAGE: (a: { field: string; value: unknown; source: string }) =>
    `usage record from "${a.source}" has ${a.field} = ${JSON.stringify(a.value)}; token counts must be integers >= 0 and cost a finite number >= 0. Nothing was recorded; fix the reporter.`,
  BUDGET_BAD_ESTIMATE: (a: { reason: string }) =>
    `invalid budget estimate: ${a.reason}. Give budget/reserve \`with: { tokens: <integer >= 0>, cost: <number >= 0> }\`.`,
  BUDGET_UNKNOWN: (a: { name: string; known: string; suggestion?: string }) =>
    `no budget named "${a.name}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Known budgets: ${a.known || '(none configured)'}.`,
  BUDGET_HERMES_DB_UNREADABLE: (a: { path: string; reason: string }) =>
    `cannot read Hermes' state.db at ${a.path}: ${a.reason}. Check HERMES_HOME and the file's permissions; timmy opens it read-only.`,

  // ── deadman plugin ── (add DEADMAN_* codes here)
  DEADMAN_UNKNOWN_WIZARD: (a: { wizard: string; known: string; suggestion?: string }) =>
    `no wizard named "${a.wizard}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Configured wizards: ${a.known || '(none)'}. Add it under pluginOptions.deadman.wizards.`,
  DEADMAN_BAD_WIZARD_NAME: (a: { wizard: string }) =>
    `wizard name ${JSON.stringify(a.wizard)} is not allowed: use letters, digits, ".", "_" or "-" (it becomes part of the stamp file name). Rename it in pluginOptions.deadman.wizards.`,
  DEADMAN_STAMP_DIR: (a: { dir: string; wizard: string; reason: string }) =>
    `the stamp folder ${a.dir} of wizard "${a.wizard}" cannot be used: ${a.reason}. Create it and make it writable by the user running timmy, or set pluginOptions.deadman.stampDir.`,
  DEADMAN_STAMP_UNTRUSTED: (a: { stamp: string; wizard: string; reason: string }) =>
    `the stamp file ${a.stamp} of wizard "${a.wizard}" is not trusted: ${a.reason}. Stamps count only when they are regular files owned by the user running timmy; remove it, or set pluginOptions.deadman.stampDir to a folder only that user may write.`,
  DEADMAN_RESTART_NOT_FOUND: (a: { wizard: string; command: string; role?: 'restart' | 'check' | 'probe' }) =>
    `the ${a.role ?? 'restart'} command "${a.command}" of wizard "${a.wizard}" does not exist. Install it, give its absolute path, or fix pluginOptions.deadman.wizards.${a.wizard}.${a.role ?? 'restart'}.`,
  DEADMAN_RESTART_FAILED: (a: { wizard: string; command: string; reason: string }) =>
    `restarting wizard "${a.wizard}" with "${a.command}" failed: ${a.reason}. Run the command by hand to see why, then "timmy deadman reset ${a.wizard}".`,
  DEADMAN_NO_RESTART: (a: { wizard: string }) =>
    `wizard "${a.wizard}" is down but has no restart command. Set pluginOptions.deadman.wizards.${a.wizard}.restart to an argv list (e.g. ["systemctl", "--user", "restart", "hermes-gateway"]).`,
  DEADMAN_ROLLBACK_FAILED: (a: { wizard: string; generation: number; reason: string }) =>
    `rolling the Hermes overlay back to generation ${a.generation} for wizard "${a.wizard}" failed: ${a.reason}. Check "timmy generations" and roll back by hand if needed.`,
  DEADMAN_RETRIES_EXHAUSTED: (a: { wizard: string; restarts: number; windowSeconds: number }) =>
    `wizard "${a.wizard}" is still down after ${a.restarts} restarts in ${a.windowSeconds} s; deadman stopped restarting it (deadman_active). Find the cause, then run "timmy deadman reset ${a.wizard}".`,
  DEADMAN_PROBE_FAILED: (a: { wizard: string; command: string; reason: string }) =>
    `the health probe "${a.command}" of wizard "${a.wizard}" failed: ${a.reason}. Run it by hand to see why.`,

  // ── triage, dispatch, orchestrator ── (add TRIAGE_* codes here)
  TRIAGE_RULES_INVALID: (a: { path: string; expected: string; found?: string }) =>
    `triage rules are invalid at "${a.path}": expected ${a.expected}${a.found ? `, found ${a.found}` : ''}. Fix the rule file.`,
  TRIAGE_UNKNOWN_ACTION: (a: { action: string; suggestion?: string }) =>
    `unknown triage action "${a.action}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Actions are: labels, priority, lane, assign, comment.`,
  TRIAGE_UNKNOWN_MATCH: (a: { key: string; suggestion?: string }) =>
    `unknown triage match "${a.key}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Matches are: title, body, text, labels, author, repo, age, unassigned.`,
  TRIAGE_BAD_REGEX: (a: { pattern: string; reason: string }) =>
    `the regular expression ${JSON.stringify(a.pattern)} does not compile: ${a.reason}. Write it in JavaScript syntax, optionally as /pattern/flags.`,
  TRIAGE_UNKNOWN_LANE: (a: { lane: string; known: string; suggestion?: string }) =>
    `unknown lane "${a.lane}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Lanes in playbooks/lanes.yaml: ${a.known || '(none)'}.`,
  TRIAGE_NO_SOURCE: (a: { what: string }) =>
    `${a.what} needs the Gitea client, which is not loaded. Enable the gitea plugin and set gitea.url in the config.`,
  TRIAGE_BAD_REPO: (a: { repo: string }) => `"${a.repo}" is not a repository name. Write it as owner/repo.`,
  DISPATCH_AGENT_FAILED: (a: { outcome: string; exitCode: string; stderr: string }) =>
    `the agent run ended "${a.outcome}" (exit code ${a.exitCode})${a.stderr ? `: ${a.stderr}` : ''}. Read the agent's log; the issue stays open for another run.`,
  DISPATCH_BINARY_MISSING: (a: { bin: string; key: string }) =>
    `the agent command "${a.bin}" was not found. Install Hermes, or set ${a.key} to the path of the hermes executable.`,
  DISPATCH_FAILED: (a: { reason: string }) => `dispatch failed: ${a.reason}.`,
  DISPATCH_UNKNOWN_LANE: (a: { lane: string; known: string; suggestion?: string }) =>
    `unknown lane "${a.lane}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Lanes in playbooks/lanes.yaml: ${a.known || '(none: add a playbooks/lanes.yaml)'}. Pass one of them with --lane, or leave --lane out.`,
  DISPATCH_NO_ISSUE: (a: { repo: string; issue: number }) =>
    `${a.repo}#${a.issue} does not exist (Gitea answered 404). Check the repository and the issue number ("timmy gitea issues ${a.repo}" lists the open ones).`,
  DISPATCH_BAD_PROFILE: (a: { profile: string }) =>
    `"${a.profile}" is not a Hermes profile name. Give the lane's \`wizard\` in playbooks/lanes.yaml as letters, digits, ., _ or -.`,
  DISPATCH_TOOLSETS_WIDEN: (a: { step: string; lane: string; extra: string; allowed: string }) =>
    `step "${a.step}" asks for toolsets ${a.extra}, which lane "${a.lane}" does not allow (its toolsets: ${a.allowed}). A step may narrow its lane's toolsets, never widen them: remove them from \`with.toolsets\` or add them to the lane in lanes.yaml.`,
  DISPATCH_BAD_USAGE_FILE: (a: { file: string; reason: string }) =>
    `the usage file ${a.file} written by the agent is not valid JSON (${a.reason}); the run's tokens could not be counted.`,
  DISPATCH_ENDPOINT_FAILED: (a: { url: string; status: number | string }) =>
    `the chat endpoint ${a.url} answered ${a.status}. Check dispatch.endpoint.url, the model name and the API key variable.`,
  ORCHESTRATOR_HELD: (a: { holder: string; expires: string }) =>
    `another orchestrator holds the lease (${a.holder}, until ${a.expires}). Only one runs per store; stop it, or wait for its lease to expire.`,

  // ── provenance and training pipeline ── (add TRAIN_* codes here)
  TRAIN_SOURCE_UNREADABLE: (a: { file: string; reason: string }) =>
    `cannot read the Hermes source ${a.file}: ${a.reason}. Check the path (--state-db, --export, --trajectories, --snapshots) and that the file is a Hermes state.db or JSONL file.`,
  TRAIN_NO_SOURCES: (a: { looked: string }) =>
    `no Hermes sessions to ingest (looked at ${a.looked}). Point --state-db at a state.db, or give --export / --trajectories / --snapshots files.`,
  TRAIN_CONSENT_INVALID: (a: { reason: string }) =>
    `the consent registry is invalid: ${a.reason}. Fix the entry at the marked position.`,
  TRAIN_INPUT_MISSING: (a: { file: string; step: string }) =>
    `${a.file} does not exist. Run "timmy train ${a.step}" first, or pass --in with the file it wrote.`,
  TRAIN_VALIDATE_FAILED: (a: { bad: number; total: number }) =>
    `${a.bad} of ${a.total} pairs lack a session id, licence or consent. Re-run "timmy train curate" (it drops such pairs) and check the consent registry.`,
  EVAL_SUITE_MISSING: (a: { file: string }) =>
    `the eval suite ${a.file} does not exist. Pass --suite with a suite YAML file, or omit it to run the shipped training/eval/suites/adversary.yaml.`,
  EVAL_SUITE_INVALID: (a: { reason: string }) =>
    `the eval suite is invalid: ${a.reason}. Fix the suite at the marked position.`,
  EVAL_PAIRS_MISSING: (a: { file: string }) =>
    `the held-out pairs file ${a.file} does not exist. Pass --pairs with a raw.jsonl or curated.jsonl written by "timmy train ingest|curate".`,
  EVAL_BAD_ENDPOINT: (a: { url: string; reason: string }) =>
    `the model endpoint "${a.url}" cannot be used: ${a.reason}. Pass --endpoint with the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.`,
  EVAL_BUDGET_EXHAUSTED: (a: { budget: string; reason: string; done: number; left: number }) =>
    `the eval stopped: budget "${a.budget}" refuses more spend (${a.reason}); ${a.done} cases have results, ${a.left} wait. Each case reserves its prompt plus --max-tokens before it is asked: raise the budget, lower --max-tokens, or wait for its window to roll over, then run again with --resume.`,
  EVAL_ENDPOINT_UNREACHABLE: (a: { endpoint: string; cases: number; first: string }) =>
    `no case got an answer from ${a.endpoint}: all ${a.cases} asked cases failed (first: ${a.first}). Check that the server runs and --endpoint is its base URL (e.g. http://127.0.0.1:8080/v1), then run again with --resume.`,
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
        new TimmyError(`TIMMY_ERR_${key}`, (msg as (a: unknown) => string)(clipArgs(args)), extra),
    ]),
  ),
) as unknown as Factories

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
