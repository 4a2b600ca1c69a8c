import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import Sqlite from 'better-sqlite3'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { tempDir } from '../helpers/temp.js'
import { addModelUsage, addSession, createHermesStateDb } from './fixtures/hermes-state-db.js'
import { makeCore } from './fixtures/make-core.js'

/** The hermes plugin's own state.db reader (what the budget service passes in). */
const { stateDb } = createHermesService()

const T0 = Date.parse('2026-11-28T12:00:00Z') / 1000

function setup(t: { after(fn: () => void): void }) {
  const dir = tempDir(t)
  const hermes = createHermesStateDb(join(dir, 'hermes', 'state.db'))
  t.after(() => hermes.close())
  const tc = makeCore(dir, [{ name: 'global', window: 'daily', tokens: 1_000_000 }])
  const spent = () =>
    (
      tc.store.db.prepare(`SELECT coalesce(sum(spent_tokens), 0) AS n FROM budget_totals`).get() as {
        n: number
      }
    ).n
  return { dir, hermes, ...tc, spent }
}

test('spend from a state.db with Hermes schema is imported once, however often the import runs', async (t) => {
  const { core, hermes, spent, store } = setup(t)
  addSession(hermes, { id: '20261128_110000_a1b2c3', started_at: T0 - 3600 })
  addModelUsage(hermes, {
    session_id: '20261128_110000_a1b2c3',
    model: 'anthropic/claude-sonnet-4.6',
    input: 5230,
    output: 412,
    cacheRead: 3900,
    cost: 0.0212,
    at: T0 - 60,
  })
  // A session with totals only (no per-model rows), as older Hermes versions leave them.
  addSession(hermes, {
    id: '20261128_100000_ffffff',
    started_at: T0 - 7200,
    ended_at: T0 - 7000,
    input_tokens: 100,
    output_tokens: 50,
    estimated_cost_usd: 0.001,
  })
  const first = await core.importHermes(stateDb)
  assert.equal(first.status, 'imported')
  assert.equal(first.records, 2)
  assert.equal(spent(), 5230 + 412 + 3900 + 150)
  for (let i = 0; i < 3; i++) assert.equal((await core.importHermes(stateDb)).records, 0)
  assert.equal(spent(), 5230 + 412 + 3900 + 150)

  // Hermes adds to the same row: only the growth is imported.
  addModelUsage(hermes, {
    session_id: '20261128_110000_a1b2c3',
    model: 'anthropic/claude-sonnet-4.6',
    input: 1000,
    output: 0,
    cost: 0.003,
    at: T0 - 30,
  })
  assert.equal((await core.importHermes(stateDb)).records, 1)
  assert.equal(spent(), 5230 + 412 + 3900 + 150 + 1000)
  const cost = store.db
    .prepare(`SELECT sum(cost_micros) AS c FROM budget_ledger WHERE source = 'hermes-state-db'`)
    .get() as { c: number }
  assert.equal(cost.c, 21_200 + 1_000 + 3_000)
})

test('the import reads while another connection holds a write transaction on state.db', async (t) => {
  const { dir, core, hermes, spent } = setup(t)
  addSession(hermes, { id: 's1', started_at: T0 - 100 })
  addModelUsage(hermes, { session_id: 's1', model: 'm', input: 10, output: 5, cost: 0, at: T0 - 50 })
  const writer = new Sqlite(join(dir, 'hermes', 'state.db'))
  t.after(() => writer.close())
  writer.exec('BEGIN IMMEDIATE')
  addModelUsage(writer, { session_id: 's1', model: 'm', input: 999, output: 0, cost: 0, at: T0 - 10 })
  const r = await core.importHermes(stateDb)
  assert.equal(r.status, 'imported')
  assert.equal(spent(), 15) // the uncommitted 999 is not seen
  writer.exec('COMMIT')
  await core.importHermes(stateDb)
  assert.equal(spent(), 15 + 999)
})

test('a state.db locked exclusively is skipped as busy, not failed, and imported on the next tick', async (t) => {
  const { dir, core, hermes, spent } = setup(t)
  addSession(hermes, { id: 's1', started_at: T0 - 100, ended_at: T0 - 90, input_tokens: 40 })
  hermes.close()
  // Hermes can run with database.journal_mode: delete, where a writer's commit locks readers out.
  const path = join(dir, 'hermes', 'state.db')
  const locker = new Sqlite(path)
  t.after(() => locker.open && locker.close())
  locker.pragma('journal_mode = DELETE')
  locker.exec('BEGIN EXCLUSIVE')
  const r = await core.importHermes(stateDb)
  assert.equal(r.status, 'busy')
  assert.equal(spent(), 0)
  locker.exec('COMMIT')
  assert.equal((await core.importHermes(stateDb)).status, 'imported')
  assert.equal(spent(), 40)
})

test('sessions timmy ran itself are left to the reporter that already counted them', async (t) => {
  const { core, hermes, spent } = setup(t)
  addSession(hermes, {
    id: 'own',
    source: 'timmy',
    started_at: T0 - 100,
    ended_at: T0 - 50,
    input_tokens: 500,
  })
  addSession(hermes, { id: 'dispatched', started_at: T0 - 100, ended_at: T0 - 50, input_tokens: 700 })
  core.record({ source: 'dispatch', sessionId: 'dispatched', input_tokens: 700 })
  assert.equal((await core.importHermes(stateDb)).records, 0)
  assert.equal(spent(), 700)
})

test('a missing state.db is no error', async (t) => {
  const tc = makeCore(tempDir(t), [])
  assert.equal((await tc.core.importHermes(stateDb)).status, 'missing')
})

test('the import never writes to state.db', async (t) => {
  const { dir, core, hermes } = setup(t)
  addSession(hermes, { id: 's1', started_at: T0, input_tokens: 1 })
  const before = hermes.prepare(`SELECT count(*) AS n FROM sqlite_master`).get()
  await core.importHermes(stateDb)
  const after = new Sqlite(join(dir, 'hermes', 'state.db'), { readonly: true })
  t.after(() => after.close())
  assert.deepEqual(after.prepare(`SELECT count(*) AS n FROM sqlite_master`).get(), before)
  assert.equal((after.prepare(`SELECT count(*) AS n FROM sessions`).get() as { n: number }).n, 1)
})
