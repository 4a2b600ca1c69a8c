/** What every part of the SQLite backend shares: the store, its statements, the ttl, the reap and token counters, the doorbell. */
import type { FSWatcher } from 'node:fs'
import type { Store } from '../../../core/store/store.js'
import type { ClaimedJob } from '../backend.js'
import type { Statements } from './statements.js'

export interface SqliteBackendState {
  readonly store: Store
  readonly q: Statements
  /** Finished jobs are pruned this long after they finish (ms). */
  readonly ttl: number
  /** Leases are checked for expiry at most this often (ms). */
  readonly reapEvery: number
  lastReap: number
  tokenSeq: number
}

/** The doorbell file beside the database: writers touch it after a commit, idle workers watch it. */
export interface Doorbell {
  readonly path: string
  /** `onWork` listeners; the watcher lives while there is one. */
  readonly listeners: Set<() => void>
  /** Undefined while nobody listens, or when the bell could not be watched (workers poll). */
  watcher: FSWatcher | undefined
  /** A deleted bell is watched again after a pause (not at once: `rm -rf` of the home would race it). */
  rearm?: NodeJS.Timeout
}

/** A ready row as the claim reads it, before it gets its lease token. */
export type Candidate = Omit<ClaimedJob, 'token'> & { expiresAt: number | null; lockKey: string | null }
