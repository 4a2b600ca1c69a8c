/**
 * Whether a `timmy serve` already runs on this TIMMY_HOME: its bridge.json names a live process of ours,
 * and answers, or its bridge.sock accepts connections. A second serve refuses to start then: two serves would
 * share one store and one socket, and the second would take over the first one's discovery file.
 */
import { connect } from 'node:net'
import { join } from 'node:path'
import { readDiscovery, SOCKET_FILE } from './discovery.js'

export interface RunningServe {
  pid?: number
  url?: string
  socket?: string
}

function answers(to: string | { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = typeof to === 'string' ? connect(to) : connect(to.port, to.host)
    const done = (live: boolean) => {
      clearTimeout(timer)
      c.destroy()
      resolve(live)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    c.once('connect', () => done(true))
    c.once('error', () => done(false))
  })
}

export async function findRunningServe(
  timmyHome: string,
  timeoutMs = 1000,
): Promise<RunningServe | undefined> {
  const socket = join(timmyHome, SOCKET_FILE)
  const socketLive = process.platform !== 'win32' && (await answers(socket, timeoutMs))
  const found = readDiscovery(timmyHome)
  if (found && found.pid !== process.pid) {
    // A reused pid after a crash is no serve: its URL (or the socket) must answer too.
    const url = new URL(found.url)
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (socketLive || (await answers({ host, port }, timeoutMs))) return { pid: found.pid, url: found.url }
  }
  return socketLive ? { socket } : undefined
}
