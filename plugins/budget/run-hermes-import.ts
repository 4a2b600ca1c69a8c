/** Import what Hermes spent outside timmy from its state.db (incremental by cursor, each session delta counted once). */
import { join } from 'node:path'
import type { HermesStateDb } from '../hermes/types.js'
import { afterCommit } from './after-commit.js'
import type { BudgetScope } from './budget-scope.js'
import { checkNamedBudgets } from './check-named-budgets.js'
import { E } from './errors.js'
import { deltaRecord, type ImportResult, type ImportSnapshot } from './import-hermes.js'
import type { Tally } from './ledger.js'
import { recordOne } from './record-one.js'
import { totalTokens, usageLine } from './usage-record.js'

export async function runHermesImport(s: BudgetScope, stateDb: HermesStateDb): Promise<ImportResult> {
  const { opts } = s
  const { importGet, importPut, reportedSession, metaGet, metaPut } = s.imports
  if (!opts.hermesHome) return { status: 'missing', scanned: 0, records: 0, tokens: 0 }
  const t = s.now()
  const cursor = Number((metaGet.get('hermes_cursor') as { value: string } | undefined)?.value ?? 0)
  const rows = await stateDb.readUsage(join(opts.hermesHome, 'state.db'), {
    sinceSec: cursor - 3600,
    skipSources: opts.importSkipSources ?? ['timmy'],
    now: t,
    unreadable: (f) =>
      E.BUDGET_HERMES_DB_UNREADABLE({ path: f.file, reason: f.reason }, { cause: f.cause, exitCode: 1 }),
  })
  if (rows === 'missing' || rows === 'busy') return { status: rows, scanned: 0, records: 0, tokens: 0 }
  const lines: string[] = []
  const out = s.store.immediate(() => {
    const tally: Tally = new Map()
    let records = 0
    let tokens = 0
    const touched = new Set<string>()
    for (const row of rows) {
      if (reportedSession.get(row.sessionId)) continue
      const rec = deltaRecord(row, importGet.get(row.key) as ImportSnapshot | undefined)
      importPut.run({ key: row.key, ...row.counters, cost_micros: row.costMicros, seen_at: t })
      if (!rec) continue
      const r = recordOne(s, rec, t, tally)
      if (!r) continue
      records++
      tokens += totalTokens(rec)
      for (const n of r.touched) touched.add(n)
      lines.push(usageLine(r.id, rec, r.at, r.exempt))
    }
    const maxSeen = rows.reduce((m, r) => Math.max(m, r.at / 1000), cursor)
    metaPut.run('hermes_cursor', String(Math.floor(maxSeen)))
    return { records, tokens, events: checkNamedBudgets(s, touched, t, tally) }
  })
  afterCommit(s, lines, out.events)
  return { status: 'imported', scanned: rows.length, records: out.records, tokens: out.tokens }
}
