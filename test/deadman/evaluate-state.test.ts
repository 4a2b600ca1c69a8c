import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isTooOften, tooOftenLimit } from '../../plugins/deadman/detect-too-often.js'
import { evaluateState, type WizardRecord } from '../../plugins/deadman/evaluate-state.js'
import { resolveTuning } from '../../plugins/deadman/options.js'
import { backoffDelay, planRecovery } from '../../plugins/deadman/plan-recovery.js'
import { options } from './harness.js'

const T0 = 1_000_000
const timing = { periodMs: 60_000, graceMs: 30_000, startGraceMs: 120_000 }
const record = (over: Partial<WizardRecord> = {}): WizardRecord => ({
  wizard: 'ezra',
  watchSince: T0,
  state: 'new',
  stateSince: T0,
  lastBeatAt: null,
  lastBeatSource: null,
  upSince: null,
  paused: false,
  active: false,
  streak: 0,
  lastRestartAt: null,
  incident: null,
  incidentRestarts: 0,
  incidentRolledBack: false,
  stampMtime: null,
  flags: [],
  lastError: null,
  resetAt: 0,
  ...over,
})

test('states follow the last beat: up within the period, late within the grace, then down', () => {
  const r = record({ lastBeatAt: T0 })
  assert.equal(evaluateState(r, timing, T0 + 60_000), 'up')
  assert.equal(evaluateState(r, timing, T0 + 60_001), 'late')
  assert.equal(evaluateState(r, timing, T0 + 90_000), 'late')
  assert.equal(evaluateState(r, timing, T0 + 90_001), 'down')
  assert.equal(evaluateState({ ...r, paused: true }, timing, T0 + 1e9), 'paused')
})

test('a wizard that never beat, or was resumed or reset, is new for period + start grace, then down', () => {
  assert.equal(evaluateState(record(), timing, T0 + 180_000), 'new')
  assert.equal(evaluateState(record(), timing, T0 + 180_001), 'down')
  const resumed = record({ lastBeatAt: T0 - 1e6, watchSince: T0 })
  assert.equal(evaluateState(resumed, timing, T0 + 100_000), 'new')
  assert.equal(evaluateState({ ...resumed, lastBeatAt: T0 + 50_000 }, timing, T0 + 100_000), 'up')
})

test('the backoff is immediate, then base × factor^n, capped', () => {
  const b = { baseMs: 10_000, factor: 2, capMs: 60_000 }
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, b)),
    [0, 10_000, 20_000, 40_000, 60_000, 60_000],
  )
})

test('recovery waits for the backoff and the start grace, and stops at maxRetries', () => {
  const t = resolveTuning(
    options({
      maxRetries: 2,
      backoff: { baseSeconds: 10, factor: 2, capSeconds: 60 },
      startGraceSeconds: 5,
      wizards: { ezra: {} },
    }),
  )
  const w = t.wizards.get('ezra')!
  const down = record({ state: 'down', lastBeatAt: T0 })
  assert.deepEqual(planRecovery(down, w, t, 0, T0 + 100_000), { kind: 'restart', rollback: false })
  const once = { ...down, streak: 1, lastRestartAt: T0 + 100_000 }
  assert.deepEqual(planRecovery(once, w, t, 1, T0 + 105_000), {
    kind: 'wait',
    until: T0 + 110_000,
    reason: 'backoff',
  })
  assert.equal(planRecovery(once, w, t, 1, T0 + 110_000).kind, 'restart')
  assert.equal(planRecovery(once, w, t, 2, T0 + 110_000).kind, 'exhausted')
  assert.equal(planRecovery({ ...once, active: true }, w, t, 0, T0 + 1e9).kind, 'none')
  assert.equal(planRecovery({ ...once, state: 'late' }, w, t, 0, T0 + 1e9).kind, 'none')
})

test('too-often allows factor × the expected beats in its window', () => {
  const cfg = { windowMs: 600_000, factor: 4, minBeats: 6 }
  assert.equal(tooOftenLimit(60_000, cfg), 40)
  assert.equal(tooOftenLimit(3_600_000, cfg), 6, 'never below minBeats')
  assert.equal(isTooOften(40, 60_000, cfg), false)
  assert.equal(isTooOften(41, 60_000, cfg), true)
})
