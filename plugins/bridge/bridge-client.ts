/**
 * The client side of the bridge in TypeScript (`timmy hook`): find the running `timmy serve`, check
 * that the peer is timmy, and post one event with a short timeout. Light on purpose (node:fs, node:net,
 * node:http(s), node:crypto only): it runs once per Hermes event.
 *
 * Where timmy is, first found wins: `--url` or `$TIMMY_BRIDGE_URL` (HTTP); the Unix socket
 * `$TIMMY_HOME/bridge.sock` when it is ours (owned by this user, in a folder nobody else may write);
 * the URL in `$TIMMY_HOME/bridge.json` when that file is ours and names a live process of ours. No
 * default port is ever tried: while timmy is down, another user's listener there must get nothing.
 * Over HTTP each request is signed with the per-install secret (`Authorization: Timmy ts,nonce,mac`; the
 * secret itself is never sent), and an answer counts only with a valid `X-Timmy-Proof` for the nonce
 * sent (see bridge-secret.ts).
 */
import { lstatSync, readFileSync, statSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect } from 'node:net'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  type BridgeDiscovery,
  DISCOVERY_FILE,
  isOurs,
  pidIsOurs,
  readDiscovery,
  SOCKET_FILE,
} from '../../core/server/discovery.js'
import {
  NONCE_HEADER,
  newNonce,
  PROOF_HEADER,
  proofOf,
  readSecret,
  sameText,
  signRequest,
} from '../../core/server/secret.js'
import type { WireAnswer, WireEvent } from './bridge-protocol.js'

export { type BridgeDiscovery, DISCOVERY_FILE, pidIsOurs, readDiscovery, SOCKET_FILE }

export const EVENTS_PATH = '/hermes/events'
export type BridgeTarget = { kind: 'socket'; path: string } | { kind: 'http'; url: string }

export function timmyHomeOf(env: NodeJS.ProcessEnv): string {
  const home = env.TIMMY_HOME?.trim()
  return home ? home : join(env.HOME?.trim() || homedir(), '.timmy')
}

/** Where timmy listens, or undefined when it is not running (the caller fails open). */
export function discoverBridge(
  env: NodeJS.ProcessEnv = process.env,
  explicit?: string,
): BridgeTarget | undefined {
  const url = explicit || env.TIMMY_BRIDGE_URL?.trim()
  if (url) return { kind: 'http', url }
  const home = timmyHomeOf(env)
  const socket = join(home, SOCKET_FILE)
  if (isOurs(socket, 'socket')) return { kind: 'socket', path: socket }
  const found = readDiscovery(home)
  return found ? { kind: 'http', url: found.url } : undefined
}

/**
 * The URL for read-only calls (stats): explicit, `$TIMMY_BRIDGE_URL`, or bridge.json of a live timmy of
 * ours; undefined when timmy serve is not running (never a default port: someone else may listen there).
 */
export function discoverBridgeUrl(
  env: NodeJS.ProcessEnv = process.env,
  explicit?: string,
): string | undefined {
  if (explicit) return explicit
  if (env.TIMMY_BRIDGE_URL?.trim()) return env.TIMMY_BRIDGE_URL.trim()
  return readDiscovery(timmyHomeOf(env))?.url
}

/**
 * Post one event; resolves with timmy's answer, or rejects on any failure (refused, timeout, not JSON,
 * a peer that cannot prove it is timmy). The whole exchange is bounded by `timeoutMs`.
 */
export function postEvent(
  target: BridgeTarget,
  event: WireEvent,
  timeoutMs: number,
  timmyHome: string,
): Promise<WireAnswer> {
  return target.kind === 'socket'
    ? postToSocket(target.path, event, timeoutMs)
    : postToUrl(target.url, event, timeoutMs, timmyHome)
}

function postToSocket(path: string, event: WireEvent, timeoutMs: number): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const sock = connect(path)
    let buf = ''
    const timer = setTimeout(() => sock.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    sock.setEncoding('utf8')
    sock.on('data', (d: string) => {
      buf += d
      const nl = buf.indexOf('\n')
      if (nl === -1) return
      clearTimeout(timer)
      sock.destroy()
      try {
        resolve(JSON.parse(buf.slice(0, nl)) as WireAnswer)
      } catch (err) {
        reject(err)
      }
    })
    sock.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    sock.on('close', () => {
      clearTimeout(timer)
      reject(new Error('timmy closed the bridge socket'))
    })
    sock.write(`${JSON.stringify(event)}\n`)
  })
}

function postToUrl(
  baseUrl: string,
  event: WireEvent,
  timeoutMs: number,
  timmyHome: string,
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const secret = readSecret(timmyHome)
    if (!secret) return reject(new Error('no readable $TIMMY_HOME/secret: cannot authenticate to timmy'))
    const url = new URL(EVENTS_PATH, baseUrl)
    const body = JSON.stringify(event)
    const nonce = newNonce()
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: signRequest(secret, 'POST', `${url.pathname}${url.search}`, body),
          [NONCE_HEADER]: nonce,
        },
        agent: false,
      },
      (res) => {
        const proof = res.headers[PROOF_HEADER]
        if (typeof proof !== 'string' || !sameText(proof, proofOf(secret, nonce))) {
          req.destroy()
          clearTimeout(timer)
          return reject(new Error('the peer did not prove it is timmy'))
        }
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
