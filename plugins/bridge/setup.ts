/** The bridge plugin's setup (index.ts imports it when the host sets the plugin up). */
import { reasonOf } from '../../core/errors.js'
import type { PluginHost } from '../../core/plugin.js'
import { type BridgeStats, createStats, snapshot } from './bridge-stats.js'
import { E } from './errors.js'
import type { HandlerDeps } from './handle-event.js'
import type { BridgeOptions } from './options.js'
import { SessionReservations } from './session-reservations.js'
import { type ServeState, tapServe } from './tap-serve.js'
import type { BridgeService } from './types.js'

// An event's handler and the client (discovery, stats of another process) load on first use.
let handleBody: Promise<typeof import('./handle-event.js')> | undefined
const loadHandle = () => (handleBody ??= import('./handle-event.js'))

export function setupBridge(host: PluginHost, options: BridgeOptions): void {
  const stats = createStats()
  const state: ServeState = {}
  const deps: HandlerDeps = {
    hooks: host.hooks,
    stats,
    reservations: new SessionReservations(),
    failPolicy: options.failPolicy,
    vetoTimeoutMs: options.vetoTimeoutMs,
    now: Date.now,
    log: host.log,
  }
  const service: BridgeService = {
    stats: () => snapshot(stats),
    url: () => state.url,
    liveStats: () => liveStats(host, stats, state.url),
    handle: async (event) => (await loadHandle()).handleEvent(event, deps),
    // `timmy doctor`: will Hermes load the bridge, can it reach timmy?
    doctor: async () =>
      (await import('./bridge-doctor.js')).checkBridge(host.paths.hermesHome, {
        ...process.env,
        TIMMY_HOME: host.paths.home,
      }),
  }
  host.provide('bridge', service)
  tapServe(host, options, deps, state)
}

/** This process's counters when it serves, else those of the `timmy serve` that bridge.json names. */
async function liveStats(
  host: PluginHost,
  stats: BridgeStats,
  url: string | undefined,
): Promise<BridgeStats & { url: string }> {
  if (url) return { ...snapshot(stats), url }
  const { discoverBridgeUrl, EVENTS_PATH } = await import('./bridge-client.js')
  const remote = discoverBridgeUrl({ ...process.env, TIMMY_HOME: host.paths.home })
  if (!remote) throw E.HERMES_BRIDGE_NOT_RUNNING({ home: host.paths.home }, { exitCode: 1 })
  try {
    const res = await fetch(new URL(`${EVENTS_PATH}/stats`, remote), {
      signal: AbortSignal.timeout(2000),
    })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return { ...((await res.json()) as BridgeStats), url: remote }
  } catch (err) {
    throw E.HERMES_BRIDGE_UNREACHABLE({ url: remote, reason: reasonOf(err) }, { cause: err, exitCode: 1 })
  }
}
