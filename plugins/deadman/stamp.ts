/**
 * The stamp file (`/tmp/agent-heartbeat-<wizard>.stamp`, the seed's path): any process that touches
 * it proves the agent alive. Deadman reads its mtime on each tick and touches it on `timmy deadman beat`.
 */
import { accessSync, closeSync, constants, openSync, statSync, utimesSync } from 'node:fs'
import { dirname } from 'node:path'
import { E } from '../../core/errors.js'

/**
 * The stamp's mtime in ms, or null when there is none yet. A bad folder is a coded error. `checked`
 * caches folder checks within one tick (many wizards share /tmp).
 */
export function readStamp(wizard: string, path: string, checked?: Map<string, unknown>): number | null {
  let st: ReturnType<typeof statSync>
  try {
    st = statSync(path, { throwIfNoEntry: false })
  } catch (err) {
    throw dirError(wizard, path, err)
  }
  if (st) return st.mtimeMs
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
