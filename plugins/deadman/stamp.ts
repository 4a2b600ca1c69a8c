/**
 * The stamp file (`/tmp/agent-heartbeat-<wizard>.stamp`, the seed's path): any process that touches
 * it proves the agent alive. Deadman reads its mtime on each tick and touches it on `timmy deadman beat`.
 */
import { accessSync, closeSync, constants, openSync, statSync, utimesSync } from 'node:fs'
import { dirname } from 'node:path'
import { E } from '../../core/errors.js'

/** The stamp's mtime in ms, or null when there is none yet. A bad folder is a coded error. */
export function readStamp(wizard: string, path: string): number | null {
  try {
    return statSync(path).mtimeMs
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw dirError(wizard, path, err)
  }
  checkStampDir(wizard, path)
  return null
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

/** Create or touch the stamp (mtime = `at`). */
export function touchStamp(wizard: string, path: string, at: number): void {
  checkStampDir(wizard, path)
  try {
    const when = new Date(at)
    try {
      utimesSync(path, when, when)
    } catch {
      closeSync(openSync(path, 'a', 0o600))
      utimesSync(path, when, when)
    }
  } catch (err) {
    throw dirError(wizard, path, err)
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
