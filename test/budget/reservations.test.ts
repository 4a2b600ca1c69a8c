import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import Sqlite from 'better-sqlite3'
import { TSX } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'
import { makeCore } from './fixtures/make-core.js'

const WORKER = fileURLToPath(new URL('./fixtures/reserve-worker.ts', import.meta.url))

test('50 reservations from 4 processes against a cap that allows 20: exactly 20 proceed and the settled ledger stays under the cap', async (t) => {
  const dir = tempDir(t)
  const dbPath = join(dir, 'timmy.db')
  // Create the tables once so the racers do not race on migrations.
  makeCore(dir, [{ name: 'daily', window: 'daily', tokens: 20_000 }]).store.close()
  const counts = [13, 13, 12, 12]
  const children = counts.map((n, i) => {
    const child = spawn(process.execPath, ['--import', TSX, WORKER, dbPath, `p${i}`, String(n), '20000'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const next = async () => {
      const { value, done } = await lines.next()
      if (done) throw new Error(`worker ${i} ended early: ${stderr}`)
      return value
    }
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    t.after(() => child.kill('SIGKILL'))
    return { child, next, exited }
  })
  for (const c of children) assert.equal(await c.next(), 'ready')
  for (const c of children) c.child.stdin.write('go\n')
  const results = await Promise.all(
    children.map(async (c) => JSON.parse(await c.next()) as { held: string[]; denied: number }),
  )
  const held = results.reduce((n, r) => n + r.held.length, 0)
  const denied = results.reduce((n, r) => n + r.denied, 0)
  assert.equal(held, 20)
  assert.equal(denied, 30)

  const db = new Sqlite(dbPath, { readonly: true })
  t.after(() => db.close())
  const totals = () =>
    db
      .prepare(
        `SELECT spent_tokens AS spent, reserved_tokens AS reserved FROM budget_totals WHERE budget = 'daily'`,
      )
      .get() as {
      spent: number
      reserved: number
    }
  assert.deepEqual(totals(), { spent: 0, reserved: 20_000 })

  for (const c of children) c.child.stdin.write('settle\n')
  for (const c of children) assert.equal(await c.next(), 'done')
  for (const c of children) assert.equal(await c.exited, 0)
  const ledger = db.prepare(`SELECT count(*) AS n, sum(total_tokens) AS total FROM budget_ledger`).get() as {
    n: number
    total: number
  }
  assert.equal(ledger.n, 20)
  assert.ok(ledger.total <= 20_000, `ledger total ${ledger.total} passed the cap`)
  assert.equal(totals().spent, ledger.total)
  assert.equal(totals().reserved, 0)
})

test('a reservation that would pass the cap is refused with the budget, spent, reserved and cap in the reason', (t) => {
  const { core } = makeCore(tempDir(t), [
    { name: 'global-day', window: 'daily', tokens: 10_000 },
    { name: 'coder-lane', scope: 'lane', match: 'coder', window: 'hourly', tokens: 5_000 },
  ])
  assert.equal(core.reserve({ id: 'a', tokens: 3_000, lane: 'coder' }).ok, true)
  core.settle('a', { source: 'step', lane: 'coder', input_tokens: 1_000, output_tokens: 500 })
  assert.equal(core.reserve({ id: 'b', tokens: 3_000, lane: 'coder' }).ok, true)
  const d = core.reserve({ id: 'c', tokens: 1_000, lane: 'coder' })
  assert.equal(d.ok, false)
  if (d.ok) return
  assert.equal(d.budget, 'coder-lane')
  assert.deepEqual([d.spent, d.reserved, d.requested, d.cap], [1_500, 3_000, 1_000, 5_000])
  assert.match(d.reason, /coder-lane/)
  assert.match(d.reason, /1500 tokens/)
  assert.match(d.reason, /3000 tokens/)
  assert.match(d.reason, /5000 tokens/)
  // The same step in another lane only meets the global budget.
  assert.equal(core.reserve({ id: 'd', tokens: 1_000, lane: 'reviewer' }).ok, true)
})

test('a refused reservation holds nothing on any budget (all or nothing)', (t) => {
  const { core, store } = makeCore(tempDir(t), [
    { name: 'global', window: 'daily', tokens: 100_000 },
    { name: 'bugfix', scope: 'pipeline', match: 'bug-fixer', window: 'daily', tokens: 1_000 },
  ])
  assert.equal(core.reserve({ id: 'x', tokens: 2_000, playbook: 'bug-fixer' }).ok, false)
  const rows = store.db
    .prepare(`SELECT budget, reserved_tokens FROM budget_totals WHERE reserved_tokens > 0`)
    .all()
  assert.deepEqual(rows, [])
})

test('cost caps compare exactly in micro-dollars', (t) => {
  const { core } = makeCore(tempDir(t), [{ name: 'usd', window: 'daily', cost: 1 }])
  for (let i = 0; i < 20; i++)
    assert.equal(core.reserve({ id: `r${i}`, cost: 0.05 }).ok, true, `reservation ${i}`)
  assert.equal(core.reserve({ id: 'one-more', cost: 0.000001 }).ok, false)
})

test('an abandoned reservation expires after its time to live and frees the budget', (t) => {
  const { core, clock } = makeCore(tempDir(t), [{ name: 'd', window: 'daily', tokens: 1_000 }], {
    reservationTtlMs: 60_000,
  })
  assert.equal(core.reserve({ id: 'crashed', tokens: 1_000 }).ok, true)
  assert.equal(core.reserve({ id: 'next', tokens: 1 }).ok, false)
  clock.now += 61_000
  assert.equal(core.reserve({ id: 'next', tokens: 1 }).ok, true)
  // Settling the expired one later records its usage but releases nothing twice.
  core.settle('crashed', { source: 'step', input_tokens: 10 })
  const [s] = core.store.db.prepare(`SELECT spent_tokens, reserved_tokens FROM budget_totals`).all() as {
    spent_tokens: number
    reserved_tokens: number
  }[]
  assert.deepEqual(s, { spent_tokens: 10, reserved_tokens: 1 })
})

test('reserving the same id twice holds it once', (t) => {
  const { core, store } = makeCore(tempDir(t), [{ name: 'd', window: 'daily', tokens: 1_000 }])
  assert.equal(core.reserve({ id: 'run:1', tokens: 600 }).ok, true)
  assert.equal(core.reserve({ id: 'run:1', tokens: 600 }).ok, true)
  const row = store.db.prepare(`SELECT reserved_tokens FROM budget_totals`).get() as {
    reserved_tokens: number
  }
  assert.equal(row.reserved_tokens, 600)
})

test('a check for a dry run decides like a reservation but holds nothing', (t) => {
  const { core, store } = makeCore(tempDir(t), [{ name: 'd', window: 'daily', tokens: 1_000 }])
  assert.equal(core.check({ tokens: 900 }).ok, true)
  assert.equal(core.check({ tokens: 1_001 }).ok, false)
  assert.deepEqual(store.db.prepare(`SELECT count(*) AS n FROM budget_reservations`).get(), { n: 0 })
})
