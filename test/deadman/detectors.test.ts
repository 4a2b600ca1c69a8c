import assert from 'node:assert/strict'
import { test } from 'node:test'
import { harness } from './harness.js'

const base = {
  dryRun: false,
  periodSeconds: 60,
  graceSeconds: 30,
  maxRunSeconds: 300,
  tooOften: { windowSeconds: 600, factor: 4, minBeats: 6 },
  wizards: { ezra: {} },
}

test('too-often fires when beats come far faster than the period (a crash loop)', async (t) => {
  const h = await harness(t, base, { effects: ['gitea.issue'] })
  const t0 = h.clock.now
  let firedAt: number | undefined
  for (let s = 0; s <= 600; s += 5) {
    h.clock.now = t0 + s * 1000
    const st = await h.dm.beat('ezra', { source: 'stamp-like' })
    if (firedAt === undefined && st.flags.includes('too-often')) firedAt = s
  }
  assert.equal(firedAt, 200, 'fires on the beat that exceeds factor × expected (the 41st in 600 s > 4 × 10)')
  const raised = (await h.dm.transitions('ezra')).filter((x) => x.to === 'too-often')
  assert.equal(raised.length, 1, 'raised once, not on every beat')
  assert.ok(
    h.events.some((e) => e.detector === 'too-often'),
    'the heartbeat hook heard it',
  )
  assert.equal((await h.dm.actions('ezra')).filter((a) => a.kind === 'alert').length, 1)
  // Beats back to normal: the detector clears once the window is calm.
  for (let s = 660; s <= 1800; s += 60) {
    h.clock.now = t0 + s * 1000
    await h.dm.beat('ezra', { source: 'stamp-like' })
    await h.dm.tick()
  }
  assert.deepEqual((await h.dm.status())[0]!.flags, [])
})

test('too-often stays quiet on a normal beat pattern and on busy session activity', async (t) => {
  const h = await harness(t, base)
  const t0 = h.clock.now
  for (let s = 0; s <= 3600; s += 60) {
    h.clock.now = t0 + s * 1000
    await h.dm.beat('ezra', { source: 'stamp-like' })
    // A busy agent sends many Hermes events; activity proves life but is not a ping.
    for (let k = 1; k < 20; k++)
      await h.dm.beat('ezra', { source: 'hermes', kind: 'activity', at: h.clock.now + k * 100 })
    await h.dm.tick()
  }
  assert.deepEqual((await h.dm.status())[0]!.flags, [])
  assert.equal((await h.dm.transitions('ezra')).filter((x) => x.to === 'too-often').length, 0)
})

test('start-without-finish fires for a run that never reported, and only for that run', async (t) => {
  const h = await harness(t, base)
  const t0 = h.clock.now
  const at = (s: number) => {
    h.clock.now = t0 + s * 1000
    return h.clock.now
  }
  await h.dm.beat('ezra', { kind: 'start', run: 'r1', source: 'hermes', at: at(0) })
  await h.dm.beat('ezra', { kind: 'finish', run: 'r1', source: 'hermes', at: at(100) })
  await h.dm.beat('ezra', { kind: 'start', run: 'r2', source: 'hermes', at: at(200) })
  at(400)
  assert.equal(
    (await h.dm.tick()).transitions.some((x) => x.to === 'start-without-finish'),
    false,
  )
  at(501)
  await h.dm.tick()
  const fired = (await h.dm.transitions('ezra')).filter((x) => x.to === 'start-without-finish')
  assert.equal(fired.length, 1)
  assert.match(fired[0]!.reason, /run "r2"/)
  assert.deepEqual((await h.dm.status())[0]!.flags, ['start-without-finish'])
  assert.ok(h.events.some((e) => e.detector === 'start-without-finish'))
  // Firing again on later ticks would spam: it fires once per run.
  at(700)
  await h.dm.tick()
  assert.equal((await h.dm.transitions('ezra')).filter((x) => x.to === 'start-without-finish').length, 1)
  // The run finally reports: the detector clears.
  await h.dm.beat('ezra', { kind: 'finish', run: 'r2', source: 'hermes', at: at(710) })
  assert.deepEqual((await h.dm.status())[0]!.flags, [])
})

test('start-without-finish stays quiet when every run finishes within its limit', async (t) => {
  const h = await harness(t, base)
  const t0 = h.clock.now
  for (let k = 0; k < 20; k++) {
    const s = k * 200
    h.clock.now = t0 + s * 1000
    await h.dm.beat('ezra', { kind: 'start', source: 'hermes' }) // no run id: paired with the next finish
    h.clock.now = t0 + (s + 290) * 1000
    await h.dm.tick()
    await h.dm.beat('ezra', { kind: 'finish', source: 'hermes' })
    await h.dm.tick()
  }
  assert.equal((await h.dm.transitions('ezra')).filter((x) => x.to === 'start-without-finish').length, 0)
})
