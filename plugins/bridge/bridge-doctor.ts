/**
 * `timmy doctor`'s bridge checks: will Hermes load the timmy bridge, and can it reach timmy?
 * - plugin folder `$HERMES_HOME/plugins/timmy-bridge/` with `plugin.yaml` and `__init__.py` (`register`)
 * - the manifest parses and names the plugin
 * - `plugins.enabled` in `$HERMES_HOME/config.yaml` lists it (and `plugins.disabled` does not)
 *   — or, instead of the plugin, shell hooks that run `timmy hook`, with consent recorded
 * - the server the bridge would call answers
 * Not installed at all is advice (warn); installed but broken is a failure.
 */
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import { reasonOf } from '../../core/errors.js'
import {
  type BridgeDiscovery,
  DISCOVERY_FILE,
  discoverBridgeUrl,
  EVENTS_PATH,
  timmyHomeOf,
} from './bridge-client.js'

export const BRIDGE_PLUGIN_NAME = 'timmy-bridge'

export interface BridgeCheck {
  name: string
  ok: boolean
  detail: string
  advisory?: boolean
}

export async function checkBridge(
  hermesHome: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { timeoutMs?: number } = {},
): Promise<BridgeCheck[]> {
  const checks: BridgeCheck[] = []
  const folder = join(hermesHome, 'plugins', BRIDGE_PLUGIN_NAME)
  const config = readHermesConfig(hermesHome)
  const shellHooks = shellHookEntries(config.value)
  const installed = existsSync(folder)

  if (!installed && shellHooks.length === 0) {
    checks.push({
      name: 'bridge',
      ok: false,
      advisory: true,
      detail: `not installed: no ${folder} and no shell hooks running "timmy hook". Run "timmy deploy" to install it.`,
    })
  }
  if (installed) {
    const manifestFile = ['plugin.yaml', 'plugin.yml'].map((f) => join(folder, f)).find((f) => existsSync(f))
    if (!manifestFile)
      checks.push({ name: 'bridge manifest', ok: false, detail: `${folder} has no plugin.yaml` })
    else {
      try {
        const doc = loadYamlFile(manifestFile).value as Record<string, unknown>
        const name = doc.name ?? BRIDGE_PLUGIN_NAME
        checks.push(
          name === BRIDGE_PLUGIN_NAME
            ? {
                name: 'bridge manifest',
                ok: true,
                detail: `${manifestFile} (version ${String(doc.version ?? '?')})`,
              }
            : {
                name: 'bridge manifest',
                ok: false,
                detail: `${manifestFile} names the plugin "${String(name)}"; plugins.enabled expects "${BRIDGE_PLUGIN_NAME}". Re-run "timmy deploy".`,
              },
        )
      } catch (err) {
        checks.push({ name: 'bridge manifest', ok: false, detail: `${manifestFile}: ${reasonOf(err)}` })
      }
    }
    const init = join(folder, '__init__.py')
    const hasRegister = existsSync(init) && /^def register\(/m.test(readFileSync(init, 'utf8'))
    checks.push({
      name: 'bridge module',
      ok: hasRegister,
      detail: hasRegister ? init : `${init} is missing or defines no register(ctx). Re-run "timmy deploy".`,
    })
    checks.push(enabledCheck(config, hermesHome))
  }
  if (shellHooks.length) checks.push(consentCheck(hermesHome, shellHooks, config.value))
  if (env.HERMES_SAFE_MODE && env.HERMES_SAFE_MODE !== '0')
    checks.push({
      name: 'hermes safe mode',
      ok: false,
      advisory: true,
      detail: 'HERMES_SAFE_MODE is set: Hermes loads no plugins, MCP servers or shell hooks.',
    })
  if (installed || shellHooks.length) {
    checks.push(await reachCheck(env, options.timeoutMs ?? 1000))
    const socket = socketCheck(env, options.timeoutMs ?? 1000)
    if (socket) checks.push(await socket)
  }
  return checks
}

interface HermesConfig {
  file: string
  value: Record<string, unknown>
  error?: string
}

function readHermesConfig(hermesHome: string): HermesConfig {
  const file = join(hermesHome, 'config.yaml')
  if (!existsSync(file)) return { file, value: {}, error: 'does not exist' }
  try {
    const value = loadYamlFile(file, { allowEmpty: true }).value
    return { file, value: value && typeof value === 'object' ? (value as Record<string, unknown>) : {} }
  } catch (err) {
    return { file, value: {}, error: reasonOf(err) }
  }
}

function enabledCheck(config: HermesConfig, hermesHome: string): BridgeCheck {
  if (config.error)
    return {
      name: 'bridge enabled',
      ok: false,
      detail: `${config.file} ${config.error}: Hermes loads no plugin`,
    }
  const plugins = (config.value.plugins ?? {}) as Record<string, unknown>
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : [])
  if (list(plugins.disabled).includes(BRIDGE_PLUGIN_NAME))
    return {
      name: 'bridge enabled',
      ok: false,
      detail: `plugins.disabled in ${config.file} lists ${BRIDGE_PLUGIN_NAME} (disabled always wins): remove it`,
    }
  if (!list(plugins.enabled).includes(BRIDGE_PLUGIN_NAME))
    return {
      name: 'bridge enabled',
      ok: false,
      detail: `plugins.enabled in ${config.file} does not list ${BRIDGE_PLUGIN_NAME}, so Hermes will not load it: add it (or run "timmy deploy")`,
    }
  return {
    name: 'bridge enabled',
    ok: true,
    detail: `plugins.enabled lists ${BRIDGE_PLUGIN_NAME} (${hermesHome})`,
  }
}

/** `hooks: {<event>: [{command: "… timmy hook …"}]}` entries in Hermes' config. */
function shellHookEntries(config: Record<string, unknown>): { event: string; command: string }[] {
  const hooks = config.hooks
  if (!hooks || typeof hooks !== 'object') return []
  const out: { event: string; command: string }[] = []
  for (const [event, entries] of Object.entries(hooks)) {
    if (!Array.isArray(entries)) continue
    for (const e of entries) {
      const command = (e as Record<string, unknown> | null)?.command
      if (typeof command === 'string' && /\b(timmy|bin\.js)\s+hook\b/.test(command))
        out.push({ event, command })
    }
  }
  return out
}

function consentCheck(
  hermesHome: string,
  entries: { event: string; command: string }[],
  config: Record<string, unknown>,
): BridgeCheck {
  if (config.hooks_auto_accept === true)
    return {
      name: 'shell hooks',
      ok: true,
      detail: `${entries.length} run "timmy hook" (hooks_auto_accept: true)`,
    }
  let approvals: { event?: string; command?: string }[] = []
  try {
    const doc = JSON.parse(readFileSync(join(hermesHome, 'shell-hooks-allowlist.json'), 'utf8'))
    if (Array.isArray(doc?.approvals)) approvals = doc.approvals
  } catch {}
  const missing = entries.filter(
    (e) => !approvals.some((a) => a.event === e.event && a.command === e.command),
  )
  return missing.length === 0
    ? { name: 'shell hooks', ok: true, detail: `${entries.length} run "timmy hook", each approved` }
    : {
        name: 'shell hooks',
        ok: false,
        advisory: true,
        detail: `${missing.length} of ${entries.length} "timmy hook" shell hooks have no consent (${missing.map((m) => m.event).join(', ')}): approve them once in an interactive hermes, or set hooks_auto_accept: true (hermes -z accepts them itself)`,
      }
}

/** The Unix socket named in `$TIMMY_HOME/bridge.json`, when there is one: does it accept a connection? */
function socketCheck(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<BridgeCheck> | undefined {
  let path: string | undefined
  try {
    const doc = JSON.parse(readFileSync(join(timmyHomeOf(env), DISCOVERY_FILE), 'utf8')) as BridgeDiscovery
    path = typeof doc.socket === 'string' ? doc.socket : undefined
  } catch {}
  if (!path) return undefined
  const where = path
  return new Promise((resolve) => {
    const sock = connect(where)
    const done = (ok: boolean, why?: string) => {
      clearTimeout(timer)
      sock.destroy()
      resolve(
        ok
          ? { name: 'bridge socket', ok: true, detail: `${where} accepts connections` }
          : {
              name: 'bridge socket',
              ok: false,
              advisory: true,
              detail: `${where} does not accept connections (${why}): start "timmy serve"; the bridge falls back to HTTP, then fails open`,
            },
      )
    }
    const timer = setTimeout(() => done(false, `no answer within ${timeoutMs} ms`), timeoutMs)
    sock.once('connect', () => done(true))
    sock.once('error', (err) => done(false, err.message))
  })
}

async function reachCheck(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<BridgeCheck> {
  const url = discoverBridgeUrl(env)
  if (!url)
    return {
      name: 'bridge server',
      ok: false,
      advisory: true,
      detail: `timmy serve is not running (no live ${timmyHomeOf(env)}/bridge.json): start "timmy serve"; until then the bridge fails open`,
    }
  try {
    const res = await fetch(new URL(`${EVENTS_PATH}/stats`, url), { signal: AbortSignal.timeout(timeoutMs) })
    if (!res.ok) throw new Error(`HTTP ${res.status} (is the bridge plugin disabled in timmy?)`)
    const stats = (await res.json()) as { accepted?: number }
    return {
      name: 'bridge server',
      ok: true,
      detail: `${url} answers (${stats.accepted ?? 0} events accepted)`,
    }
  } catch (err) {
    return {
      name: 'bridge server',
      ok: false,
      advisory: true,
      detail: `${url} does not answer (${reasonOf(err)}): start "timmy serve"; until then the bridge fails open`,
    }
  }
}
