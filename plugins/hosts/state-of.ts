/** A host's state from its row: stopped (shut down cleanly), silent (no beat for `silentAfterMs`) or live. */
import type { HostRecord, HostRow, HostState } from './types.js'

export function stateOf(row: HostRow, now: number, silentAfterMs: number): HostState {
  if (row.stoppedAt !== null) return 'stopped'
  return now - row.beatAt > silentAfterMs ? 'silent' : 'live'
}

export function toRecord(row: HostRow, now: number, silentAfterMs: number, selfId: string): HostRecord {
  return {
    ...row,
    state: stateOf(row, now, silentAfterMs),
    beatAgeSeconds: Math.max(0, Math.round((now - row.beatAt) / 1000)),
    self: row.id === selfId,
  }
}
