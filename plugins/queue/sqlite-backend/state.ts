/** What every part of the SQLite backend shares: the store, its statements, the ttl and the reap and token counters. */
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

/** A ready row as the claim reads it, before it gets its lease token. */
export type Candidate = Omit<ClaimedJob, 'token'> & { expiresAt: number | null; lockKey: string | null }
