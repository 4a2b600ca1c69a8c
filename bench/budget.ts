/**
 * Budget bench: reserve + settle with 1,000,000 ledger rows present, against the naive check a
 * check-then-spend system does (`SELECT SUM(...)` over the window's ledger rows), in the same run.
 * Run: node --import tsx bench/budget.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { openStoreSync } from '../core/store/store.js'
import { createBudgetCore } from '../plugins/budget/core.js'
import { parseBudgets } from '../plugins/budget/parse-budgets.js'
import { windowStart } from '../plugins/budget/windows.js'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const ITER = Number(process.env.BENCH_ITER ?? 5_000)
const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-budget-'))
try {
  const store = openStoreSync(Sqlite, join(dir, 'timmy.db'))
  const now = Date.parse('2026-11-28T12:00:00Z')
  const budgets = parseBudgets([
    { name: 'global', window: 'monthly', tokens: 1e15 },
    { name: 'bugs', scope: 'pipeline', match: 'bug-fixer', window: 'daily', tokens: 1e15, cost: 1e9 },
    { name: 'coder', scope: 'lane', match: 'coder', window: 'hourly', tokens: 1e15 },
  ])
  const core = createBudgetCore({ store, budgets, now: () => now })
  const monthStart = windowStart(budgets[0]!, now)
  let t = performance.now()
  store.db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO budget_ledger (at, source, playbook, lane, model, input_tokens, output_tokens, total_tokens, cost_micros)
    SELECT ${monthStart} + (i * 997) % (${now} - ${monthStart}), 'bench', 'bug-fixer', 'coder', 'm', 100, 20, 120, 50
    FROM n`)
  console.log(
    `seeded ${ROWS.toLocaleString()} ledger rows in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )

  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const scope = { playbook: 'bug-fixer', lane: 'coder' }
  // Warm up.
  for (let i = 0; i < 200; i++) {
    core.reserve({ id: `w${i}`, tokens: 1000, ...scope })
    core.settle(`w${i}`, { source: 'bench', input_tokens: 500, ...scope })
  }
  const pair: number[] = []
  const check: number[] = []
  for (let i = 0; i < ITER; i++) {
    t = performance.now()
    core.reserve({ id: `r${i}`, tokens: 1000, cost: 0.01, ...scope })
    const mid = performance.now()
    core.settle(`r${i}`, { source: 'bench', input_tokens: 500, output_tokens: 100, cost: 0.004, ...scope })
    const end = performance.now()
    check.push((mid - t) * 1000)
    pair.push((end - t) * 1000)
  }
  const sumStmt = store.db.prepare(
    `SELECT sum(total_tokens) AS tokens, sum(cost_micros) AS cost FROM budget_ledger WHERE at >= ? AND playbook = ?`,
  )
  const naive: number[] = []
  for (let i = 0; i < 15; i++) {
    t = performance.now()
    store.immediate(() => sumStmt.get(monthStart, 'bug-fixer'))
    naive.push((performance.now() - t) * 1000)
  }
  const mc = median(check)
  const mp = median(pair)
  const mn = median(naive)
  console.log(`reserve (check + hold, 3 budgets), median:        ${mc.toFixed(1)} µs`)
  console.log(`reserve + settle (ledger row + totals), median:   ${mp.toFixed(1)} µs`)
  console.log(`baseline SELECT SUM over the window's rows, median: ${mn.toFixed(0)} µs`)
  console.log(
    `ratio: reserve is ${(mn / mc).toFixed(0)}× faster than the SUM check; reserve + settle ${(mn / mp).toFixed(0)}× faster`,
  )
  console.log(`target: reserve ≤ 50 µs → ${mc <= 50 ? 'met' : 'NOT met'}`)
  store.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
