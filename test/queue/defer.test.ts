import assert from 'node:assert/strict'
import { test } from 'node:test'
import { JobDeferred } from '../../plugins/queue/defer-job.js'
import { clock, openQueue } from './helpers.js'

test('a deferred job waits unrun, counts no attempt, shows why, and runs when due or woken', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 12))
  const { queue } = await openQueue(t, { clock: c })
  let held = true
  const ran: number[] = []
  queue.define('run', (_args, ctx) => {
    if (held)
      throw new JobDeferred({
        until: c.now() + 3_600_000,
        reason: 'budget "x" is exhausted',
        key: 'budget:x',
      })
    ran.push(ctx.job.attempt)
    return 'ran'
  })
  const id = await queue.enqueue('run', null, { retries: 0 })
  const worker = queue.createWorker({ poll: false })
  t.after(() => worker.stop())
  await worker.drain()
  let job = (await queue.get(id))!
  assert.equal(job.state, 'queued')
  assert.equal(job.attempts, 0)
  assert.equal(job.runAt, '2026-01-01T13:00:00.000Z')
  assert.deepEqual(job.waiting, {
    reason: 'budget "x" is exhausted',
    until: '2026-01-01T13:00:00.000Z',
    key: 'budget:x',
  })
  // Deferring again and again never uses up the job's retries (it has none).
  c.set(Date.UTC(2026, 0, 1, 13))
  await worker.drain()
  job = (await queue.get(id))!
  assert.equal(job.state, 'queued')
  assert.equal(job.runAt, '2026-01-01T14:00:00.000Z')
  assert.equal(await queue.wake('budget:other'), 0)
  held = false
  assert.equal(await queue.wake('budget:x'), 1)
  await worker.drain()
  job = (await queue.get(id))!
  assert.equal(job.state, 'done')
  assert.equal(job.result, 'ran')
  assert.equal(job.waiting, undefined)
  assert.deepEqual(ran, [1])
})
