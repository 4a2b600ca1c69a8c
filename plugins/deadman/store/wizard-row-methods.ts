import type { WizardRecord } from '../evaluate-state.js'
import { saveParams } from './save-params.js'
import type { DeadmanStoreState } from './store-state.js'
import { type Row, toRecord } from './to-record.js'

/** Wizard rows: create (in one immediate transaction), load, changes since a revision, get and save. */
export function wizardRowMethods({ store, q }: DeadmanStoreState) {
  return {
    ensure(names: readonly string[], now: number) {
      store.immediate(() => {
        for (const n of names) q.ensure.run(n, now, now)
      })
    },
    load(names?: ReadonlySet<string>): WizardRecord[] {
      const rows = (q.all.all() as Row[]).map(toRecord)
      return names ? rows.filter((r) => names.has(r.wizard)) : rows
    },
    /** Rows written since revision `rev` (every write bumps a table-wide revision), and the newest revision. */
    changedSince(rev: number): { records: WizardRecord[]; rev: number } {
      const rows = q.changed.all(rev) as Row[]
      return { records: rows.map(toRecord), rev: rows.length ? (rows[rows.length - 1]!.rev as number) : rev }
    },
    get(wizard: string): WizardRecord | undefined {
      const row = q.one.get(wizard) as Row | undefined
      return row ? toRecord(row) : undefined
    },
    save(r: WizardRecord) {
      q.save.run(saveParams(r))
    },
  }
}
