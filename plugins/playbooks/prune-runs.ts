/** Delete run records (`playbook_runs` and their `playbook_steps`) that started before `before` (epoch ms). */
import type { Store } from '../../core/store/store.js'

export function pruneRuns(store: Store, before: number): number {
  const has = store.db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'playbook_runs'`)
    .get()
  if (!has) return 0
  const iso = new Date(before).toISOString()
  return store.immediate(() => {
    store.db
      .prepare(
        'DELETE FROM playbook_steps WHERE run_id IN (SELECT id FROM playbook_runs WHERE started_at < ?)',
      )
      .run(iso)
    return store.db.prepare('DELETE FROM playbook_runs WHERE started_at < ?').run(iso).changes
  })
}
