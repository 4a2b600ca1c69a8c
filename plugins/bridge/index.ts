/**
 * The Hermes bridge, server side: adds `POST /hermes/events` (+ `/hermes/events/stats`) to
 * `timmy serve`, routes each valid event through `hooks.hermesEvent` (deadman, provenance, budget
 * observe it), token usage through `hooks.usage`, and answers `pre_tool_call` / `pre_llm_call` through
 * the `beforeToolCall` bail hook (policy and budget tap it). Provides the `bridge` service (`BridgeService`).
 */

import { join } from 'node:path'
import { type Static, Type as T } from '@sinclair/typebox'
import type { DoctorCheck } from '../../core/doctor-check.js'
import { reasonOf } from '../../core/errors.js'
import { definePlugin } from '../../core/plugin.js'
import { discoverBridgeUrl, EVENTS_PATH, SOCKET_FILE } from './bridge-client.js'
import type { WireAnswer } from './bridge-protocol.js'
import { type BridgeStats, createStats, snapshot } from './bridge-stats.js'
import { commands } from './commands/index.js'
import { E } from './errors.js'
import { registerEventsRoute } from './events-route.js'
import { type HandlerDeps, handleEvent } from './handle-event.js'
import { SessionReservations } from './session-reservations.js'
import { type SocketServer, startSocketServer } from './socket-server.js'
import { clientUrl, removeDiscovery, writeDiscovery } from './write-discovery.js'

export const BridgeOptions = T.Object(
  {
    maxBodyBytes: T.Integer({
      minimum: 1024,
      default: 512 * 1024,
      description: 'Largest /hermes/events request body, in bytes.',
    }),
    maxBatch: T.Integer({ minimum: 1, default: 500, description: 'Most events in one request.' }),
    maxInFlight: T.Integer({
      minimum: 1,
      default: 2000,
      description: 'Most events processed at once; beyond it requests get 503 (counted as shed).',
    }),
    failPolicy: T.Union([T.Literal('open'), T.Literal('closed')], {
      default: 'open',
      description:
        'When a beforeToolCall tap throws or no decision comes in time: open lets the call go on, closed blocks it.',
    }),
    vetoTimeoutMs: T.Integer({
      minimum: 1,
      default: 250,
      description: 'How long the beforeToolCall decision may take.',
    }),
    socket: T.Boolean({
      default: true,
      description: 'Also listen on $TIMMY_HOME/bridge.sock (Unix socket, newline-delimited JSON, mode 0600).',
    }),
    writeDiscovery: T.Boolean({
      default: true,
      description: 'Write $TIMMY_HOME/bridge.json with the server URL when it listens.',
    }),
  },
  { additionalProperties: false, default: {} },
)
export type BridgeOptions = Static<typeof BridgeOptions>

/** The `bridge` service. */
export interface BridgeService {
  /** Lines of `timmy doctor`. */
  doctor(): Promise<DoctorCheck[]>
  /** Counters of /hermes/events (copy). */
  stats(): BridgeStats
  /** The URL clients use, once `timmy serve` listens. */
  url(): string | undefined
  /**
   * The counters of the running server: this process's own when it serves, else fetched from the
   * `timmy serve` that `$TIMMY_HOME/bridge.json` names (e.g. for `timmy mcp`).
   */
  liveStats(): Promise<BridgeStats & { url: string }>
  /** Process one wire event as the route does (for in-process callers and tests). */
  handle(event: unknown): Promise<WireAnswer>
}

export default definePlugin({
  name: 'bridge',
  version: '0.1.0',
  commands,
  provides: ['bridge'],
  description: 'Hermes bridge: /hermes/events (usage, heartbeats, provenance, vetoes) for timmy serve',
  options: BridgeOptions,
  setup(host, options) {
    const stats = createStats()
    let url: string | undefined
    let socket: SocketServer | undefined
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
      url: () => url,
      async liveStats() {
        if (url) return { ...snapshot(stats), url }
        const remote = discoverBridgeUrl({ ...process.env, TIMMY_HOME: host.paths.home })
        if (!remote) throw E.HERMES_BRIDGE_NOT_RUNNING({ home: host.paths.home }, { exitCode: 1 })
        try {
          const res = await fetch(new URL(`${EVENTS_PATH}/stats`, remote), {
            signal: AbortSignal.timeout(2000),
          })
          if (!res.ok) throw new Error(`HTTP ${res.status}`)
          return { ...((await res.json()) as BridgeStats), url: remote }
        } catch (err) {
          throw E.HERMES_BRIDGE_UNREACHABLE(
            { url: remote, reason: reasonOf(err) },
            { cause: err, exitCode: 1 },
          )
        }
      },
      handle: (event) => handleEvent(event, deps),
      // `timmy doctor`: will Hermes load the bridge, can it reach timmy?
      doctor: async () =>
        (await import('./bridge-doctor.js')).checkBridge(host.paths.hermesHome, {
          ...process.env,
          TIMMY_HOME: host.paths.home,
        }),
    }
    host.provide('bridge', service)
    host.hooks.serve.tapPromise('bridge', async ({ app }) => {
      await registerEventsRoute(app, deps, options)
      if (options.socket) {
        try {
          socket = await startSocketServer(join(host.paths.home, SOCKET_FILE), deps, options)
        } catch (err) {
          host.log.warn(
            { err: String(err) },
            'could not listen on the bridge socket; the bridge uses HTTP only',
          )
        }
      }
      app.addHook('onClose', async () => {
        await socket?.close()
        socket = undefined
        if (options.writeDiscovery) removeDiscovery(host.paths.home)
      })
      app.addHook('onListen', async () => {
        const address = app.server.address()
        if (!address || typeof address !== 'object') return
        url = clientUrl(address.address, address.port, app.initialConfig.https ? 'https' : 'http')
        if (options.writeDiscovery) {
          try {
            writeDiscovery(host.paths.home, url, socket?.path)
          } catch (err) {
            host.log.warn(
              { err: String(err) },
              'could not write bridge.json; clients fall back to the default URL',
            )
          }
        }
      })
    })
  },
})
