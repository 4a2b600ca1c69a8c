/**
 * Where a running `timmy serve` says it is: `$TIMMY_HOME/bridge.json` (its URL, socket and pid) and the
 * Unix socket `$TIMMY_HOME/bridge.sock`, trusted only when owned by this user in a folder nobody else
 * may write, and when the pid is a live process of this user. Read by `timmy serve` (one serve per home)
 * and by the clients that post events to it. node:fs only: clients run once per Hermes event.
 */
import { lstatSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const DISCOVERY_FILE = 'bridge.json'
/** The Unix socket `timmy serve` listens on, in `$TIMMY_HOME` (newline-delimited JSON). */
export const SOCKET_FILE = 'bridge.sock'

/** What `timmy serve` writes to `$TIMMY_HOME/bridge.json` (and removes on a clean shutdown). */
export interface BridgeDiscovery {
  url: string
  /** The Unix socket, when timmy serve listens on one. */
  socket?: string
  pid: number
  startedAt: string
}

const myUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined)

/** A file or socket of this user, in a folder that only this user (or root) owns and may write. */
export function isOurs(path: string, kind: 'socket' | 'file'): boolean {
  try {
    const st = lstatSync(path)
    if (kind === 'socket' ? !st.isSocket() : !st.isFile()) return false
    const uid = myUid()
    if (uid === undefined) return true
    if (st.uid !== uid) return false
    const dir = statSync(dirname(path))
    return (dir.uid === uid || dir.uid === 0) && (dir.mode & 0o022) === 0
  } catch {
    return false
  }
}

/**
 * Whether `pid` is a live process of this user. kill(pid, 0) alone is not enough: it succeeds for any pid
 * when we are root. On Linux the owner is the real uid in /proc/<pid>/status; without /proc (macOS) a
 * child `ps` per hook call would be too slow, so root trusts no pid there (the socket still works) and
 * another user relies on kill(0), which answers EPERM for others' processes.
 */
export function pidIsOurs(pid: unknown): boolean {
  if (!Number.isInteger(pid) || (pid as number) <= 0) return false
  const uid = myUid()
  let status: string | undefined
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && hasProc()) return false // no such process
  }
  if (status !== undefined) {
    if (uid === undefined) return true
    const real = /^Uid:\s+(\d+)/m.exec(status)?.[1]
    return real !== undefined && Number(real) === uid && !/^State:\s+Z/m.test(status)
  }
  if (uid === 0) return false
  try {
    process.kill(pid as number, 0)
    return true
  } catch {
    return false
  }
}

let procSeen: boolean | undefined
function hasProc(): boolean {
  if (procSeen === undefined) {
    try {
      procSeen = statSync('/proc/self/status').isFile()
    } catch {
      procSeen = false
    }
  }
  return procSeen
}

/** The URL in bridge.json, when the file is ours and its pid is a live process of ours. */
export function readDiscovery(timmyHome: string): BridgeDiscovery | undefined {
  const file = join(timmyHome, DISCOVERY_FILE)
  if (!isOurs(file, 'file')) return undefined
  try {
    const found = JSON.parse(readFileSync(file, 'utf8')) as BridgeDiscovery
    if (typeof found.url !== 'string' || !/^https?:\/\//.test(found.url)) return undefined
    return pidIsOurs(found.pid) ? found : undefined
  } catch {
    return undefined
  }
}
