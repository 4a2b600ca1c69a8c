/**
 * Ring the doorbell after a write transaction committed work a worker could claim: touch the bell
 * file's times (one `utimensat`), which the watching workers see as a change (inotify, kqueue). No bell
 * file means no worker watches, so a missing file is not an error; nothing here ever throws.
 */
import { utimesSync } from 'node:fs'

export function ringDoorbell(path: string | undefined): void {
  if (path === undefined) return
  try {
    const now = Date.now() / 1000
    utimesSync(path, now, now)
  } catch {}
}
