/**
 * The client side of the bridge in TypeScript (`timmy hook`): find the running `timmy serve` and post
 * one event with a short timeout. Light on purpose (node:http only): it runs once per Hermes event.
 *
 * Where the server is, first found wins: `--url`, `$TIMMY_BRIDGE_URL`, `$TIMMY_HOME/bridge.json`
 * (written by `timmy serve` when it listens), then http://127.0.0.1:7777.
 */
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { WireAnswer, WireEvent } from './bridge-protocol.js'

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:7777'
export const DISCOVERY_FILE = 'bridge.json'
export const EVENTS_PATH = '/hermes/events'
/** The Unix socket `timmy serve` listens on, in `$TIMMY_HOME` (newline-delimited JSON). */
export const SOCKET_FILE = 'bridge.sock'

/** What `timmy serve` writes to `$TIMMY_HOME/bridge.json`. */
export interface BridgeDiscovery {
  url: string
  /** The Unix socket, when timmy serve listens on one. */
  socket?: string
  pid: number
  startedAt: string
}

export function timmyHomeOf(env: NodeJS.ProcessEnv): string {
  const home = env.TIMMY_HOME?.trim()
  return home ? home : join(env.HOME?.trim() || homedir(), '.timmy')
}

export function discoverBridgeUrl(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  if (explicit) return explicit
  if (env.TIMMY_BRIDGE_URL?.trim()) return env.TIMMY_BRIDGE_URL.trim()
  try {
    const found = JSON.parse(readFileSync(join(timmyHomeOf(env), DISCOVERY_FILE), 'utf8')) as BridgeDiscovery
    if (typeof found.url === 'string' && /^http:\/\//.test(found.url)) return found.url
  } catch {}
  return DEFAULT_BRIDGE_URL
}

/**
 * POST one event; resolves with the server's answer, or rejects on any failure (refused, timeout,
 * non-JSON). The whole exchange is bounded by `timeoutMs`.
 */
export function postEvent(baseUrl: string, event: WireEvent, timeoutMs: number): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(EVENTS_PATH, baseUrl)
    const body = JSON.stringify(event)
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          clearTimeout(timer)
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WireAnswer)
          } catch (err) {
            reject(err)
          }
        })
        res.on('error', reject)
      },
    )
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.end(body)
  })
}
