import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createScheduler } from '../../plugins/queue/scheduler.js'
import { clock, openQueue } from './helpers.js'

test('a new schedule starts from now: it does not backfill instants before it first ran', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 12, 0, 30))
  const { queue } = await openQueue(t, { clock: c })
  queue.define('beat', () => null)
  const s = createScheduler(queue, [{ task: 'beat', cron: '*/5 * * * *', catchUp: 'all' }])
  assert.equal(await s.tick(), 0)
  c.set(Date.UTC(2026, 0, 1, 12, 5, 1))
  assert.equal(await s.tick(), 1)
  assert.equal(await s.tick(), 0)
})

test('a periodic job runs with its scheduled instant and the configured args', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 0, 0, 30))
  const { queue } = await openQueue(t, { clock: c })
  const seen: unknown[] = []
  queue.define('report', (args, ctx) => void seen.push({ args, at: ctx.job.scheduledFor }))
  const s = createScheduler(queue, [{ task: 'report', cron: '0 * * * * *', args: { repo: 'org/x' } }])
  await s.tick()
  c.set(Date.UTC(2026, 0, 1, 0, 1, 2))
  await s.tick()
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  await worker.stop()
  assert.deepEqual(seen, [{ args: { repo: 'org/x' }, at: '2026-01-01T00:01:00.000Z' }])
})

test('a cron expression is read in its time zone', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 0, 0, 0))
  const { queue, store } = await openQueue(t, { clock: c })
  queue.define('morning', () => null)
  const s = createScheduler(queue, [
    { name: 'berlin', task: 'morning', cron: '0 9 * * *', timezone: 'Europe/Berlin' },
    { name: 'utc', task: 'morning', cron: '0 9 * * *' },
  ])
  await s.tick()
  c.set(Date.UTC(2026, 0, 1, 10, 0, 0))
  await s.tick()
  const at = store.db.prepare('SELECT scheduled_for FROM queue_jobs ORDER BY scheduled_for').pluck().all()
  assert.deepEqual(at, [Date.UTC(2026, 0, 1, 8), Date.UTC(2026, 0, 1, 9)]) // 09:00 CET is 08:00 UTC
})

test('catch-up "all" is capped at maxCatchUp, keeping the most recent instants', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 0, 0, 0))
  const { queue, store } = await openQueue(t, { clock: c, config: { maxCatchUp: 5 } })
  queue.define('m', () => null)
  const s = createScheduler(queue, [{ task: 'm', cron: '* * * * *', catchUp: 'all' }])
  await s.tick()
  c.set(Date.UTC(2026, 0, 1, 1, 0, 0))
  assert.equal(await s.tick(), 5)
  const at = store.db.prepare('SELECT scheduled_for FROM queue_jobs ORDER BY scheduled_for').pluck().all()
  assert.deepEqual(
    at,
    [56, 57, 58, 59, 60].map((m) => Date.UTC(2026, 0, 1, 0, m)),
  )
})

test('invalid cron expressions, time zones and unknown tasks are coded errors', async (t) => {
  const { queue } = await openQueue(t)
  queue.define('x', () => null)
  for (const cron of ['61 * * * *', 'every minute', '* * *', ''])
    assert.throws(() => createScheduler(queue, [{ task: 'x', cron }]), { code: 'TIMMY_ERR_QUEUE_BAD_CRON' })
  assert.throws(() => createScheduler(queue, [{ task: 'x', cron: '* * * * *', timezone: 'Mars/Olympus' }]), {
    code: 'TIMMY_ERR_QUEUE_BAD_TIMEZONE',
  })
  assert.throws(() => createScheduler(queue, [{ task: 'y', cron: '* * * * *' }]), {
    code: 'TIMMY_ERR_QUEUE_UNKNOWN_TASK',
  })
  const left: string[] = []
  const s = createScheduler(
    queue,
    [
      { task: 'y', cron: '* * * * *' },
      { task: 'x', cron: '* * * * *' },
    ],
    { onInvalid: (spec, err) => left.push(`${spec.task}:${(err as { code: string }).code}`) },
  )
  assert.deepEqual(left, ['y:TIMMY_ERR_QUEUE_UNKNOWN_TASK'])
  assert.equal(s.schedules.length, 1)
})

test('after a gap, "skip" runs only the on-time instants and "latest" runs them plus the latest missed one', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 0, 0, 0))
  const { queue, store } = await openQueue(t, { clock: c, config: { catchUpGraceMs: 60_000 } })
  queue.define('m', () => null)
  const s = createScheduler(queue, [
    { name: 'skip', task: 'm', cron: '*/10 * * * * *', catchUp: 'skip' },
    { name: 'latest', task: 'm', cron: '*/10 * * * * *', catchUp: 'latest' },
  ])
  await s.tick()
  // 5 min 5 s later: 04:10 … 05:00 are less than 60 s late (on time); 00:10 … 04:00 were missed.
  c.set(Date.UTC(2026, 0, 1, 0, 5, 5))
  await s.tick()
  const planned = (name: string) =>
    store.db
      .prepare(`SELECT scheduled_for FROM queue_jobs WHERE idem_key LIKE ? ORDER BY scheduled_for`)
      .pluck()
      .all(`cron:${name}:%`)
  const onTime = [
    [4, 10],
    [4, 20],
    [4, 30],
    [4, 40],
    [4, 50],
    [5, 0],
  ].map(([m, sec]) => Date.UTC(2026, 0, 1, 0, m!, sec!))
  assert.deepEqual(planned('skip'), onTime)
  assert.deepEqual(planned('latest'), [Date.UTC(2026, 0, 1, 0, 4, 0), ...onTime])
})

test('"latest" with no gap runs each on-time instant once, and nothing missed is added twice', async (t) => {
  const c = clock(Date.UTC(2026, 0, 1, 0, 0, 0))
  const { queue, store } = await openQueue(t, { clock: c, config: { catchUpGraceMs: 60_000 } })
  queue.define('m', () => null)
  const s = createScheduler(queue, [{ task: 'm', cron: '*/10 * * * * *', catchUp: 'latest' }])
  await s.tick()
  c.set(Date.UTC(2026, 0, 1, 0, 0, 35))
  assert.equal(await s.tick(), 3)
  c.set(Date.UTC(2026, 0, 1, 0, 0, 45))
  assert.equal(await s.tick(), 1)
  const n = store.db.prepare('SELECT count(*) FROM queue_jobs').pluck().get()
  assert.equal(n, 4)
})
