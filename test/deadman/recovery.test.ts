import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { pidAlive } from '../../plugins/deadman/check-alive.js'
import { harness, killAll, LAUNCH, launch, launches, readMaybe, waitDead, waitFor } from './harness.js'

test('a killed agent is detected down within period + grace, restarted, and is up again once beats resume', async (t) => {
  const h = await harness(t, ({ dir }) => ({
    dryRun: false,
    periodSeconds: 60,
    graceSeconds: 30,
    startGraceSeconds: 30,
    wizards: {
      ezra: {
        pidFile: join(dir, 'ezra.pid'),
        restart: [
          process.execPath,
          LAUNCH,
          '--pid-file',
          join(dir, 'ezra.pid'),
          '--log',
          join(dir, 'launches'),
        ],
      },
    },
  }))
  const log = join(h.dir, 'launches')
  t.after(() => killAll(log))
  launch(['--pid-file', join(h.dir, 'ezra.pid'), '--log', log])
  const first = await waitFor(() => launches(log)[0])
  await waitFor(() => readMaybe(join(h.dir, 'ezra.pid')) === String(first))

  const t0 = h.clock.now
  await h.dm.heartbeat(t0)
  assert.equal((await h.dm.status(t0))[0]!.state, 'up')

  process.kill(first, 'SIGKILL')
  await waitDead(first)

  // Still within the period: the liveness check finds no process, but it is not late yet.
  h.clock.now = t0 + 59_000
  await h.dm.heartbeat()
  assert.equal((await h.dm.status())[0]!.state, 'up')
  h.clock.now = t0 + 75_000
  await h.dm.heartbeat()
  assert.equal((await h.dm.status())[0]!.state, 'late')
  // Past period + grace: down, and restarted in the same evaluation.
  h.clock.now = t0 + 91_000
  const report = await h.dm.heartbeat()
  assert.deepEqual(
    report.transitions.map((x) => x.to),
    ['down'],
  )
  const restart = report.actions.find((a) => a.kind === 'restart')
  assert.equal(restart?.outcome, 'ok')
  const second = await waitFor(() => launches(log)[1])
  assert.notEqual(second, first)
  await waitFor(() => pidAlive(second) && readMaybe(join(h.dir, 'ezra.pid')) === String(second))

  h.clock.now = t0 + 100_000
  const back = await h.dm.heartbeat()
  assert.deepEqual(
    back.transitions.map((x) => [x.from, x.to]),
    [['down', 'up']],
  )
  const s = (await h.dm.status())[0]!
  assert.equal(s.state, 'up')
  assert.equal(s.restartsInWindow, 1)
  assert.equal(s.active, false)
  // Every transition fired the wizardState hook with its state.
  assert.deepEqual(
    h.events.filter((e) => e.source === 'deadman').map((e) => e.state),
    ['up', 'late', 'down', 'up'],
  )
  // And every transition is stored with its timestamp.
  const stored = await h.dm.transitions('ezra')
  assert.deepEqual(stored.map((x) => [x.to, x.at - t0]).reverse(), [
    ['up', 0],
    ['late', 75_000],
    ['down', 91_000],
    ['up', 100_000],
  ])
})

test('a crash-looping agent is restarted with backoff, stops at maxRetries with one alert, and starts fresh after reset', async (t) => {
  const h = await harness(
    t,
    ({ dir, stamps }) => ({
      dryRun: false,
      periodSeconds: 10,
      graceSeconds: 5,
      startGraceSeconds: 5,
      maxRetries: 3,
      windowSeconds: 3600,
      healthyResetSeconds: 60,
      backoff: { baseSeconds: 20, factor: 2, capSeconds: 60 },
      alert: { repo: 'ops/fleet' },
      wizards: {
        ezra: {
          restart: [
            process.execPath,
            LAUNCH,
            '--stamp',
            join(stamps, 'agent-heartbeat-ezra.stamp'),
            '--die-after',
            '1000',
            '--log',
            join(dir, 'launches'),
          ],
        },
      },
    }),
    { effects: ['gitea.issue'] },
  )
  const log = join(h.dir, 'launches')
  t.after(() => killAll(log))
  const stamp = join(h.stamps, 'agent-heartbeat-ezra.stamp')
  launch(['--stamp', stamp, '--die-after', '1000', '--log', log])
  await waitDead(await waitFor(() => launches(log)[0]))

  const t0 = h.clock.now
  const restartsAt: number[] = []
  let alerts = 0
  for (let s = 0; s <= 400; s++) {
    h.clock.now = t0 + s * 1000
    const r = await h.dm.tick()
    alerts += r.actions.filter((a) => a.kind === 'alert').length
    for (const a of r.actions.filter((x) => x.kind === 'restart')) {
      assert.equal(a.outcome, 'ok')
      restartsAt.push(h.clock.now)
      // Let the restarted agent touch its stamp and crash (1 s of real time) before time moves on.
      const pid = await waitFor(() => launches(log)[restartsAt.length])
      await waitDead(pid)
    }
  }
  assert.equal(restartsAt.length, 3, 'stops at maxRetries')
  const gaps = restartsAt.slice(1).map((x, i) => x - restartsAt[i]!)
  assert.ok(gaps[0]! >= 20_000, `second restart waited the base delay (gap ${gaps[0]} ms)`)
  assert.ok(gaps[1]! >= 40_000, `third restart waited base × factor (gap ${gaps[1]} ms)`)
  assert.ok(gaps[1]! > gaps[0]!, 'the backoff grows')
  assert.equal(alerts, 1, 'exactly one alert')
  assert.equal(h.applied.length, 1)
  assert.equal(h.applied[0]!.kind, 'gitea.issue')
  assert.equal(h.applied[0]!.repo, 'ops/fleet')
  let st = (await h.dm.status())[0]!
  assert.equal(st.active, true)
  assert.equal(st.state, 'down')
  assert.equal(st.restartsInWindow, 3)
  assert.equal(st.nextRestartAt, null)
  assert.ok(
    h.events.some((e) => e.active === true),
    'the wizardState hook heard that deadman_active was set',
  )

  // A human fixes it and resets: counters start fresh.
  st = await h.dm.reset('ezra')
  assert.equal(st.active, false)
  assert.equal(st.restartsInWindow, 0)
  // Healthy for longer than healthyResetSeconds, then silent again: the first restart is immediate.
  const t1 = h.clock.now
  for (let s = 0; s <= 70; s += 5) {
    h.clock.now = t1 + s * 1000
    await h.dm.beat('ezra', { source: 'test' })
    await h.dm.tick()
  }
  const quiet = h.clock.now
  let freshRestart: number | undefined
  for (let s = 1; s <= 30 && freshRestart === undefined; s++) {
    h.clock.now = quiet + s * 1000
    const r = await h.dm.tick()
    if (r.actions.some((a) => a.kind === 'restart')) freshRestart = h.clock.now
  }
  assert.equal(freshRestart, quiet + 16_000, 'restarted as soon as it was down, with no leftover backoff')
  st = (await h.dm.status())[0]!
  assert.equal(st.restartsInWindow, 1)
  assert.equal(st.active, false)
})

test('the backoff resets after a healthy period even without a reset', async (t) => {
  const h = await harness(t, {
    dryRun: false,
    periodSeconds: 10,
    graceSeconds: 5,
    startGraceSeconds: 5,
    maxRetries: 10,
    healthyResetSeconds: 100,
    backoff: { baseSeconds: 30, factor: 2, capSeconds: 600 },
    wizards: { ezra: { restart: ['true'] } },
  })
  const t0 = h.clock.now
  // Two quick failures build up the backoff.
  const restartTimes: number[] = []
  const run = async (from: number, to: number, beatUntil: number) => {
    for (let s = from; s <= to; s++) {
      h.clock.now = t0 + s * 1000
      if (s <= beatUntil) await h.dm.beat('ezra', { source: 'test' })
      const r = await h.dm.tick()
      if (r.actions.some((a) => a.kind === 'restart')) restartTimes.push(s)
    }
  }
  await run(0, 60, 0) // down at 16 → restart; next no sooner than 30 s later
  assert.deepEqual(restartTimes, [16, 46])
  await run(61, 300, 300) // beating and healthy for > 100 s
  const before = restartTimes.length
  await run(301, 340, 0)
  assert.equal(restartTimes.length, before + 1)
  assert.equal(restartTimes.at(-1), 316, 'immediate again: the streak was reset by the healthy period')
})
