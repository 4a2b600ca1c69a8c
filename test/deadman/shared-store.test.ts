import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createHooks } from '../../core/hooks.js'
import { silentLogger } from '../../core/log.js'
import { openStore } from '../../core/store/store.js'
import { createDeadman } from '../../plugins/deadman/create-deadman.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { harness, options } from './harness.js'

test('what another process writes (beat, pause, resume) is seen by the next tick of the running loop', async (t) => {
  const opts = {
    dryRun: false,
    periodSeconds: 10,
    graceSeconds: 5,
    startGraceSeconds: 5,
    wizards: { ezra: { restart: ['true'] } },
  }
  const h = await harness(t, opts)
  await h.dm.status()
  // A second connection to the same file, as `timmy deadman …` in another process would open.
  const other = await openStore(h.store.path)
  t.after(() => other.close())
  const cli = createDeadman({
    options: options({ ...opts, stampDir: h.stamps }),
    store: async () => other,
    hooks: createHooks(),
    log: silentLogger,
    now: () => h.clock.now,
    childEnv: createHermesService().childEnv,
  })
  const t0 = h.clock.now
  await cli.beat('ezra', { source: 'other' })
  assert.equal((await h.dm.tick()).transitions[0]?.to, 'up')
  await cli.pause('ezra')
  h.clock.now = t0 + 60_000
  const paused = await h.dm.tick()
  assert.deepEqual(paused.actions, [], 'a paused wizard is never restarted')
  assert.equal((await h.dm.status())[0]!.state, 'paused')
  await cli.resume('ezra')
  h.clock.now = t0 + 61_000
  assert.deepEqual((await h.dm.tick()).actions, [], 'a resumed wizard gets its start grace')
  assert.equal((await h.dm.status())[0]!.state, 'new')
  h.clock.now = t0 + 76_000
  const resumed = await h.dm.tick()
  assert.equal(
    resumed.actions.filter((a) => a.kind === 'restart').length,
    1,
    'resumed and still silent: restarted',
  )
  await cli.beat('ezra', { source: 'other' })
  h.clock.now = t0 + 77_000
  assert.equal((await h.dm.status())[0]!.lastBeatSource, 'other')
  assert.equal((await h.dm.tick()).transitions.at(-1)?.to, 'up')
})
