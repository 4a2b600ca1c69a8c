import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseBudgets } from '../../plugins/budget/parse-budgets.js'
import { tempDir } from '../helpers/temp.js'
import { makeCore } from './fixtures/make-core.js'

test('a budget with a negative cap is refused with a coded error', () => {
  assert.throws(() => parseBudgets([{ name: 'x', tokens: -1 }]), { code: 'TIMMY_ERR_BUDGET_INVALID_CAP' })
  assert.throws(() => parseBudgets([{ name: 'x', cost: -0.01 }]), { code: 'TIMMY_ERR_BUDGET_INVALID_CAP' })
  assert.throws(() => parseBudgets([{ name: 'x', tokens: Number.NaN }]), {
    code: 'TIMMY_ERR_BUDGET_INVALID_CAP',
  })
})

test('an unknown window is refused, with a suggestion', () => {
  assert.throws(
    () => parseBudgets([{ name: 'x', tokens: 1, window: 'dayly' }]),
    (err: Error & { code: string }) => {
      assert.equal(err.code, 'TIMMY_ERR_BUDGET_UNKNOWN_WINDOW')
      assert.match(err.message, /daily/)
      return true
    },
  )
  assert.throws(() => parseBudgets([{ name: 'x', tokens: 1, window: '1d' }]), {
    code: 'TIMMY_ERR_BUDGET_UNKNOWN_WINDOW',
  })
})

test('an unknown time zone is refused, on a budget or as the default', () => {
  assert.throws(() => parseBudgets([{ name: 'x', tokens: 1, timezone: 'Mars/Olympus' }]), {
    code: 'TIMMY_ERR_BUDGET_UNKNOWN_TIMEZONE',
  })
  assert.throws(() => parseBudgets([{ name: 'x', tokens: 1 }], { timezone: 'EST5EDT-nope' }), {
    code: 'TIMMY_ERR_BUDGET_UNKNOWN_TIMEZONE',
  })
})

test('a budget without a cap, a duplicate name or a scope without match is refused', () => {
  assert.throws(() => parseBudgets([{ name: 'x' }]), { code: 'TIMMY_ERR_BUDGET_INVALID' })
  assert.throws(
    () =>
      parseBudgets([
        { name: 'x', tokens: 1 },
        { name: 'x', tokens: 2 },
      ]),
    { code: 'TIMMY_ERR_BUDGET_INVALID' },
  )
  assert.throws(() => parseBudgets([{ name: 'x', tokens: 1, scope: 'lane' }]), {
    code: 'TIMMY_ERR_BUDGET_INVALID',
  })
  assert.throws(() => parseBudgets([{ name: 'x', tokens: 1, soft: 1.5 }]), {
    code: 'TIMMY_ERR_BUDGET_INVALID',
  })
})

test('a usage record with negative tokens is refused and the ledger is left untouched', (t) => {
  const dir = tempDir(t)
  const { core, store } = makeCore(dir, [{ name: 'd', window: 'daily', tokens: 1_000 }])
  core.record({ source: 'dispatch', input_tokens: 10 })
  assert.equal(core.reserve({ id: 'held', tokens: 100 }).ok, true)
  const snapshot = () => ({
    ledger: store.db.prepare(`SELECT * FROM budget_ledger ORDER BY id`).all(),
    totals: store.db.prepare(`SELECT * FROM budget_totals`).all(),
    reservations: store.db.prepare(`SELECT * FROM budget_reservations`).all(),
    file: readFileSync(join(dir, 'hermes', 'token_usage.jsonl'), 'utf8'),
  })
  const before = snapshot()
  const bad = [
    { source: 'dispatch', input_tokens: -5 },
    { source: 'dispatch', output_tokens: 1.5 },
    { source: 'dispatch', cache_read_tokens: '12' as unknown as number },
    { source: 'dispatch', cost: -0.1 },
    { source: '', input_tokens: 1 },
  ]
  for (const rec of bad) assert.throws(() => core.record(rec), { code: 'TIMMY_ERR_BUDGET_BAD_USAGE' })
  // Settling with a bad record fails as a whole: the reservation stays held.
  assert.throws(() => core.settle('held', { source: 'step', input_tokens: -1 }), {
    code: 'TIMMY_ERR_BUDGET_BAD_USAGE',
  })
  assert.deepEqual(snapshot(), before)
})

test('a negative or non-numeric estimate is refused', (t) => {
  const { core } = makeCore(tempDir(t), [{ name: 'd', window: 'daily', tokens: 1_000 }])
  assert.throws(() => core.reserve({ tokens: -1 }), { code: 'TIMMY_ERR_BUDGET_BAD_ESTIMATE' })
  assert.throws(() => core.reserve({ cost: Number.POSITIVE_INFINITY }), {
    code: 'TIMMY_ERR_BUDGET_BAD_ESTIMATE',
  })
})

test('the ledger refuses updates and deletes', (t) => {
  const { core, store } = makeCore(tempDir(t), [])
  core.record({ source: 'dispatch', input_tokens: 1 })
  assert.throws(() => store.db.prepare(`UPDATE budget_ledger SET input_tokens = 0`).run(), /append-only/)
  assert.throws(() => store.db.prepare(`DELETE FROM budget_ledger`).run(), /append-only/)
  assert.equal(existsSync(store.path), true)
})
