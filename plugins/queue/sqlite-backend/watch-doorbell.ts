/**
 * `onWork` on SQLite: while any listener is subscribed, one `fs.watch` on the doorbell file (created
 * if missing, mode 0600) calls every listener on each change. A bell replaced or deleted is created
 * and watched again a second later, if its folder still exists (never racing a removal of the home). When the bell cannot be watched (at the start or later) the watcher is closed,
 * `wakes` turns false, the listeners are called once, and the workers go back to polling every
 * `pollIntervalMs`; the next first subscription tries again. Events may coalesce or be missed: the
 * worker's slower poll stays the safety net.
 */
import { closeSync, existsSync, openSync, watch } from 'node:fs'
import { dirname } from 'node:path'
import { reasonOf } from '../../../core/errors.js'
import type { Logger } from '../../../core/log.js'
import type { Doorbell } from './state.js'

export function watchDoorbell(bell: Doorbell, log: Logger | undefined, listener: () => void): () => void {
  bell.listeners.add(listener)
  if (!bell.watcher) armWatcher(bell, log)
  return () => {
    bell.listeners.delete(listener)
    if (bell.listeners.size === 0) closeWatcher(bell)
  }
}

function armWatcher(bell: Doorbell, log: Logger | undefined): void {
  try {
    closeSync(openSync(bell.path, 'a', 0o600))
    const watcher = watch(bell.path, { persistent: true }, (event) => {
      if (bell.watcher !== watcher) return
      // Deleted or replaced: the watch followed the old file; watch the path again, after a pause.
      if (event === 'rename') {
        closeWatcher(bell)
        bell.rearm = setTimeout(() => {
          bell.rearm = undefined
          if (bell.listeners.size > 0 && existsSync(dirname(bell.path))) armWatcher(bell, log)
        }, REARM_MS)
        bell.rearm.unref()
      }
      callListeners(bell)
    })
    watcher.on('error', (err) => {
      if (bell.watcher === watcher) failWatcher(bell, log, err)
    })
    bell.watcher = watcher
  } catch (err) {
    failWatcher(bell, log, err)
  }
}

function failWatcher(bell: Doorbell, log: Logger | undefined, err: unknown): void {
  closeWatcher(bell)
  log?.warn(
    { doorbell: bell.path, err: reasonOf(err) },
    'queue: cannot watch the doorbell; workers poll every pollIntervalMs for jobs from other processes',
  )
  callListeners(bell)
}

const REARM_MS = 1000

function closeWatcher(bell: Doorbell): void {
  clearTimeout(bell.rearm)
  bell.rearm = undefined
  const w = bell.watcher
  bell.watcher = undefined
  w?.close()
}

function callListeners(bell: Doorbell): void {
  for (const l of [...bell.listeners]) l()
}
