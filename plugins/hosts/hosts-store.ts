/**
 * The storage contract of the `hosts` table, the same on SQLite (the host's store) and on PostgreSQL
 * (`store.url`): small and asynchronous. `claimAlert` is a compare-and-swap, so when many hosts run
 * the check at once exactly one of them raises the alert of a silence.
 */
import type { HostRow, HostWizard } from './types.js'

/** What a host writes about itself at registration and at each beat. */
export interface HostFacts {
  id: string
  hostname: string
  pid: number
  version: string
  generation: number | null
  wizards: HostWizard[]
}

export interface HostsStore {
  readonly kind: 'sqlite' | 'postgres'
  /** Insert or replace the host's row: started and beating at `at`, not stopped, no alert. */
  register(facts: HostFacts, at: number): Promise<void>
  /** Update the beat and facts; false when the row is gone. Returns the alert the beat cleared, if any. */
  beat(facts: HostFacts, at: number): Promise<{ found: boolean; clearedAlertAt: number | null }>
  stop(id: string, at: number): Promise<void>
  list(): Promise<HostRow[]>
  /** Mark host `id`'s silence alerted, only if it still beat before `beatBefore`, runs, and is not yet alerted. */
  claimAlert(id: string, at: number, beatBefore: number): Promise<boolean>
  close(): Promise<void>
}

/** The row as both backends select it (wizards as JSON text). */
export interface RawHostRow {
  id: string
  hostname: string
  pid: number
  version: string
  generation: number | null
  wizards: string
  started_at: number
  beat_at: number
  stopped_at: number | null
  alerted_at: number | null
}

export function toHostRow(r: RawHostRow): HostRow {
  let wizards: HostWizard[] = []
  try {
    const parsed: unknown = JSON.parse(r.wizards)
    if (Array.isArray(parsed)) wizards = parsed as HostWizard[]
  } catch {
    // a row written by hand: no wizards
  }
  return {
    id: r.id,
    hostname: r.hostname,
    pid: Number(r.pid),
    version: r.version,
    generation: r.generation === null ? null : Number(r.generation),
    wizards,
    startedAt: Number(r.started_at),
    beatAt: Number(r.beat_at),
    stoppedAt: r.stopped_at === null ? null : Number(r.stopped_at),
    alertedAt: r.alerted_at === null ? null : Number(r.alerted_at),
  }
}
