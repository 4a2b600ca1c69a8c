/**
 * Hermes events per minute (table `status_event_minutes`, store module `status`): the `hermesEvent`
 * tap counts in memory and flushes one upsert per minute bucket (every few seconds and at close), so
 * `timmy status` in another process sees the rate. Rows older than a day are dropped at each flush.
 */
import type { Store } from '../../core/store/store.js'

const MINUTE = 60_000

const MIGRATIONS = [
  `CREATE TABLE status_event_minutes (minute INTEGER PRIMARY KEY, events INTEGER NOT NULL, vetoes INTEGER NOT NULL,
     depth INTEGER)`,
]

export function migrateEventMinutes(store: Store): void {
  store.migrate('status', MIGRATIONS)
}

export interface EventCounter {
  count(at: number): void
  vetoes(n: number, at: number): void
  /** Write the counted minutes; `depth` (queued jobs now) is stored on the current minute. */
  flush(store: Store, now: number, depth?: number): void
}

export function createEventCounter(): EventCounter {
  const pending = new Map<number, { events: number; vetoes: number }>()
  const bucket = (at: number) => {
    const m = Math.floor(at / MINUTE) * MINUTE
    let b = pending.get(m)
    if (!b) pending.set(m, (b = { events: 0, vetoes: 0 }))
    return b
  }
  return {
    count: (at) => void bucket(at).events++,
    vetoes: (n, at) => void (bucket(at).vetoes += n),
    flush(store, now, depth) {
      migrateEventMinutes(store)
      const up = store.db.prepare(
        `INSERT INTO status_event_minutes (minute, events, vetoes) VALUES (?, ?, ?)
         ON CONFLICT (minute) DO UPDATE SET events = events + excluded.events, vetoes = vetoes + excluded.vetoes`,
      )
      const rows = [...pending.entries()]
      pending.clear()
      store.immediate(() => {
        for (const [m, b] of rows) up.run(m, b.events, b.vetoes)
        if (depth !== undefined) {
          up.run(Math.floor(now / MINUTE) * MINUTE, 0, 0)
          store.db
            .prepare('UPDATE status_event_minutes SET depth = ? WHERE minute = ?')
            .run(depth, Math.floor(now / MINUTE) * MINUTE)
        }
        store.db.prepare('DELETE FROM status_event_minutes WHERE minute < ?').run(now - 24 * 60 * MINUTE)
      })
    },
  }
}

/** The last 60 minutes, oldest first, the current (partial) minute last. */
export interface MinuteRow {
  minute: number
  events: number
  vetoes: number
  /** Queued jobs sampled in that minute by `timmy serve` (null: not sampled). */
  depth: number | null
}

export function readEventMinutes(store: Store, now: number): MinuteRow[] {
  migrateEventMinutes(store)
  const end = Math.floor(now / MINUTE) * MINUTE
  const start = end - 59 * MINUTE
  const rows = store.db
    .prepare(
      'SELECT minute, events, vetoes, depth FROM status_event_minutes WHERE minute >= ? ORDER BY minute',
    )
    .all(start) as MinuteRow[]
  const by = new Map(rows.map((r) => [r.minute, r]))
  return Array.from({ length: 60 }, (_, i) => {
    const minute = start + i * MINUTE
    return by.get(minute) ?? { minute, events: 0, vetoes: 0, depth: null }
  })
}
