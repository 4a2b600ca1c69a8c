import assert from 'node:assert/strict'
import { test } from 'node:test'
import { tempDir } from '../helpers/temp.js'
import { makeCore } from './fixtures/make-core.js'

const spend = (tokens: number, extra: Record<string, unknown> = {}) => ({
  source: 'dispatch',
  playbook: 'bug-fixer',
  lane: 'coder',
  input_tokens: tokens,
  ...extra,
})

test('an exhausted budget holds its pipeline at once until UTC midnight, and wakes its held runs when the enforcer sees the rollover', (t) => {
  const { core, clock, queue, events } = makeCore(
    tempDir(t),
    [{ name: 'bugs', scope: 'pipeline', match: 'bug-fixer', window: 'daily', tokens: 1_000 }],
    { start: '2026-11-28T23:00:00Z' },
  )
  core.record(spend(1_000))
  assert.deepEqual(queue.calls, [])
  assert.deepEqual(core.paused({ playbook: 'bug-fixer' }), [
    {
      budget: 'bugs',
      reason: core.paused({ playbook: 'bug-fixer' })[0]!.reason,
      until: Date.parse('2026-11-29T00:00:00Z'),
      key: 'budget:bugs',
    },
  ])
  assert.match(core.paused({ playbook: 'bug-fixer' })[0]!.reason, /"bugs" is exhausted/)
  assert.deepEqual(core.paused({ playbook: 'triage' }), [])
  assert.equal(core.reserve({ tokens: 1, playbook: 'bug-fixer' }).ok, false)
  clock.now = Date.parse('2026-11-28T23:59:59Z')
  assert.deepEqual(core.enforce(), [])
  clock.now = Date.parse('2026-11-29T00:00:00Z')
  // A new window: nothing holds the pipeline any more, even before the enforcer runs.
  assert.deepEqual(core.paused({ playbook: 'bug-fixer' }), [])
  assert.deepEqual(
    core.enforce().map((e) => e.state),
    ['resumed'],
  )
  assert.deepEqual(queue.calls, ['wake budget:bugs'])
  assert.deepEqual(core.paused({ playbook: 'bug-fixer' }), [])
  assert.equal(core.reserve({ tokens: 1_000, playbook: 'bug-fixer' }).ok, true)
  assert.deepEqual(
    events.map((e) => e.state),
    ['soft', 'exhausted', 'resumed'],
  )
})

test('a New York budget rolls over at New York midnight, on an ordinary day and on the fall-back DST day', (t) => {
  const { core, clock, queue } = makeCore(
    tempDir(t),
    [
      {
        name: 'ny',
        scope: 'lane',
        match: 'coder',
        window: 'daily',
        tokens: 100,
        timezone: 'America/New_York',
      },
    ],
    { start: '2026-10-31T20:00:00Z' },
  )
  core.record(spend(100))
  assert.equal(core.paused({ lane: 'coder' })[0]!.until, Date.parse('2026-11-01T04:00:00Z'))
  // UTC midnight is not New York midnight (20:00 EDT).
  clock.now = Date.parse('2026-11-01T00:00:00Z')
  assert.deepEqual(core.enforce(), [])
  clock.now = Date.parse('2026-11-01T04:00:00Z') // 00:00 EDT, Nov 1: the 25-hour day begins
  assert.deepEqual(
    core.enforce().map((e) => e.state),
    ['resumed'],
  )
  core.record(spend(100))
  assert.deepEqual(queue.calls, ['wake budget:ny'])
  assert.equal(core.paused({ lane: 'coder' })[0]!.until, Date.parse('2026-11-02T05:00:00Z'))
  // 24 hours later it is still Nov 1 in New York (23:00 EST): no rollover yet.
  clock.now = Date.parse('2026-11-02T04:00:00Z')
  assert.deepEqual(core.enforce(), [])
  assert.equal(core.reserve({ tokens: 1, lane: 'coder' }).ok, false)
  clock.now = Date.parse('2026-11-02T05:00:00Z') // 00:00 EST, Nov 2
  assert.deepEqual(
    core.enforce().map((e) => e.state),
    ['resumed'],
  )
  assert.equal(core.reserve({ tokens: 100, lane: 'coder' }).ok, true)
})

test('the spring-forward day in New York rolls over after 23 hours', (t) => {
  const { core, clock } = makeCore(
    tempDir(t),
    [{ name: 'ny', window: 'daily', tokens: 100, timezone: 'America/New_York' }],
    { start: '2026-03-08T05:00:00Z' },
  )
  core.record(spend(100))
  clock.now = Date.parse('2026-03-09T03:59:59Z')
  assert.deepEqual(core.enforce(), [])
  clock.now = Date.parse('2026-03-09T04:00:00Z')
  assert.deepEqual(
    core.enforce().map((e) => e.state),
    ['resumed'],
  )
})

test('a global budget holds every pipeline, and its held runs are woken together at the rollover', (t) => {
  const { core, clock, queue } = makeCore(tempDir(t), [{ name: 'all', window: 'hourly', tokens: 300 }], {
    start: '2026-11-28T10:10:00Z',
  })
  core.record(spend(100, { playbook: 'a' }))
  core.record(spend(100, { playbook: 'b' }))
  core.record(spend(100, { playbook: 'c' }))
  for (const playbook of ['a', 'b', 'never-ran'])
    assert.deepEqual(
      core.paused({ playbook }).map((p) => p.budget),
      ['all'],
    )
  clock.now = Date.parse('2026-11-28T11:00:00Z')
  const [resumed] = core.enforce()
  assert.deepEqual(resumed!.targets, ['*', 'a', 'b', 'c'])
  assert.deepEqual(queue.calls, ['wake budget:all'])
})

test('the soft threshold fires once per window, then again in the next window', (t) => {
  const { core, clock, events } = makeCore(
    tempDir(t),
    [{ name: 'd', window: 'daily', tokens: 1_000, soft: 0.5 }],
    {
      start: '2026-11-28T09:00:00Z',
    },
  )
  core.record(spend(400))
  assert.equal(events.length, 0)
  core.record(spend(100))
  core.record(spend(100))
  core.record(spend(100))
  core.enforce()
  assert.deepEqual(
    events.map((e) => e.state),
    ['soft'],
  )
  clock.now = Date.parse('2026-11-29T09:00:00Z')
  core.record(spend(600))
  core.enforce()
  assert.deepEqual(
    events.map((e) => e.state),
    ['soft', 'soft'],
  )
  assert.notEqual(events[0]!.windowStart, events[1]!.windowStart)
})

test('an exempt local model is recorded but never counts and never blocks', (t) => {
  const { core, store } = makeCore(tempDir(t), [{ name: 'd', window: 'daily', tokens: 100 }])
  core.record(spend(100))
  assert.equal(core.reserve({ tokens: 50 }).ok, false)
  assert.equal(core.reserve({ tokens: 50_000, model: 'ollama/llama3.1:8b' }).ok, true)
  core.record(spend(5_000, { model: 'local/qwen' }))
  const row = store.db.prepare(`SELECT count(*) AS n, sum(exempt) AS exempt FROM budget_ledger`).get()
  assert.deepEqual(row, { n: 2, exempt: 1 })
  const totals = store.db.prepare(`SELECT spent_tokens, reserved_tokens FROM budget_totals`).get()
  assert.deepEqual(totals, { spent_tokens: 100, reserved_tokens: 0 })
})

test('a reset zeroes the window, is audited, keeps the ledger and resumes the pipeline', (t) => {
  const { core, store, queue } = makeCore(tempDir(t), [
    { name: 'bugs', scope: 'pipeline', match: 'bug-fixer', window: 'daily', tokens: 1_000 },
  ])
  core.record(spend(1_000))
  const events = core.reset('bugs', { actor: 'cli:test', reason: 'raised by hand' })
  assert.deepEqual(
    events.map((e) => e.state),
    ['reset', 'resumed'],
  )
  assert.deepEqual(queue.calls, ['wake budget:bugs'])
  const audit = store.db.prepare(`SELECT budget, actor, reason, spent_tokens_before FROM budget_resets`).all()
  assert.deepEqual(audit, [
    { budget: 'bugs', actor: 'cli:test', reason: 'raised by hand', spent_tokens_before: 1_000 },
  ])
  assert.equal((store.db.prepare(`SELECT count(*) AS n FROM budget_ledger`).get() as { n: number }).n, 1)
  assert.equal(core.reserve({ tokens: 1_000, playbook: 'bug-fixer' }).ok, true)
  assert.throws(() => core.reset('bug', { actor: 'x' }), { code: 'TIMMY_ERR_BUDGET_UNKNOWN' })
})
