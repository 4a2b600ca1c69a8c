/**
 * The stamp file (`/tmp/agent-heartbeat-<wizard>.stamp`, the seed's path): touching it proves the agent
 * alive. Deadman reads its mtime on each tick and touches it on `timmy deadman beat`. A stamp counts
 * only when it is a regular file owned by timmy's user (root's stamps only when timmy runs as root): in a
 * shared folder such as /tmp another user could otherwise fake beats, or plant a symlink that root's
 * beat would follow. Untrusted stamps are ignored (one warning per wizard); writes use O_NOFOLLOW.
 */
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  lstatSync,
  openSync,
  statSync,
} from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from '../../core/log.js'
import { E } from './errors.js'

/** Told, on each read, why a wizard's stamp was ignored (a reason) or that it was not (undefined). */
export type StampWarn = (wizard: string, path: string, reason: string | undefined) => void

const myUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined)

/** Why a stamp with these attributes is not trusted, or undefined when it is. */
function distrust(st: { isSymbolicLink(): boolean; isFile(): boolean; uid: number }): string | undefined {
  if (st.isSymbolicLink()) return 'it is a symbolic link'
  if (!st.isFile()) return 'it is not a regular file'
  const uid = myUid()
  if (uid !== undefined && st.uid !== uid) return `it is owned by uid ${st.uid}, not by timmy's uid ${uid}`
  return undefined
}

/**
 * The stamp's mtime in ms, or null when there is none yet or it is not trusted (then `warn` hears why).
 * A bad folder is a coded error. `checked` caches folder checks within one tick (many wizards share /tmp).
 */
export function readStamp(
  wizard: string,
  path: string,
  checked?: Map<string, unknown>,
  warn?: StampWarn,
): number | null {
  let st: ReturnType<typeof lstatSync>
  try {
    st = lstatSync(path, { throwIfNoEntry: false })
  } catch (err) {
    throw dirError(wizard, path, err)
  }
  if (st) {
    const reason = distrust(st)
    warn?.(wizard, path, reason)
    return reason ? null : st.mtimeMs
  }
  warn?.(wizard, path, undefined)
  const dir = dirname(path)
  if (!checked?.has(dir)) {
    let outcome: unknown = true
    try {
      checkStampDir(wizard, path)
    } catch (err) {
      outcome = err
    }
    checked?.set(dir, outcome)
    if (outcome !== true) throw outcome
  } else if (checked.get(dir) !== true) {
    throw dirError(wizard, path, (checked.get(dir) as { cause?: unknown }).cause)
  }
  return null
}

/** A StampWarn that logs once per wizard until its stamp is trusted (or gone) again. */
export function warnOncePerWizard(log: Logger): StampWarn {
  const warned = new Set<string>()
  return (wizard, path, reason) => {
    if (!reason) {
      warned.delete(wizard)
      return
    }
    if (warned.has(wizard)) return
    warned.add(wizard)
    const err = E.DEADMAN_STAMP_UNTRUSTED({ stamp: path, wizard, reason })
    log.warn({ code: err.code, wizard, stamp: path }, `${err.bare} It is ignored.`)
  }
}

/** Throws DEADMAN_STAMP_DIR when the stamp's folder is missing, not a folder, or not writable. */
export function checkStampDir(wizard: string, path: string): void {
  const dir = dirname(path)
  try {
    if (!statSync(dir).isDirectory()) throw new Error('it is not a folder')
    accessSync(dir, constants.W_OK)
  } catch (err) {
    throw dirError(wizard, path, err)
  }
}

const WRITE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/**
 * Create or touch the stamp (mtime = `at`), never through a symlink (O_NOFOLLOW) and never another
 * user's file: DEADMAN_STAMP_UNTRUSTED then, and nothing is written.
 */
export function touchStamp(wizard: string, path: string, at: number): void {
  checkStampDir(wizard, path)
  const untrusted = (reason: string) =>
    E.DEADMAN_STAMP_UNTRUSTED({ stamp: path, wizard, reason }, { exitCode: 1 })
  let fd: number
  try {
    fd = openSync(path, WRITE_FLAGS, 0o600)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ELOOP' || code === 'EMLINK') throw untrusted('it is a symbolic link')
    if (code === 'ENXIO') throw untrusted('it is not a regular file')
    throw dirError(wizard, path, err)
  }
  try {
    const reason = distrust(fstatSync(fd))
    if (reason) throw untrusted(reason)
    const when = new Date(at)
    futimesSync(fd, when, when)
  } finally {
    closeSync(fd)
  }
}

function dirError(wizard: string, path: string, err: unknown) {
  const e = err as NodeJS.ErrnoException
  const reason =
    e.code === 'ENOENT'
      ? 'it does not exist'
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : (e.message ?? String(err))
  return E.DEADMAN_STAMP_DIR({ dir: dirname(path), wizard, reason }, { cause: err, exitCode: 1 })
}
