import assert from 'node:assert/strict'
import { test } from 'node:test'
import { clock, gate, openQueue, until } from './helpers.js'

test('a job runs once and its result is kept until its time to live passes', async (t) => {
  const c = clock()
  const { queue } = await openQueue(t, { clock: c, config: { resultTtlMs: 60_000 } })
  let calls = 0
  queue.define('add', (a: { x: number; y: number }) => {
    calls++
    return a.x + a.y
  })
  const worker = queue.createWorker({ poll: false })
  t.after(() => worker.stop())
  const id = await queue.enqueue('add', { x: 2, y: 3 })
  await worker.drain()
  assert.deepEqual(await queue.result(id), { state: 'done', result: 5 })
  assert.equal(calls, 1)
  c.advance(60_001)
  await queue.enqueue('add', { x: 0, y: 0 }) // a later flush prunes
  await worker.drain()
  assert.equal(await queue.result(id), undefined)
})

test('higher priority runs first, then the oldest', async (t) => {
  const { queue } = await openQueue(t, { clock: clock() })
  const order: string[] = []
  queue.define('rec', (a: { n: string }) => {
    order.push(a.n)
  })
  for (const [n, priority] of [
    ['low-1', 0],
    ['high', 10],
    ['low-2', 0],
    ['mid', 5],
  ] as const)
    await queue.enqueue('rec', { n }, { priority })
  const worker = queue.createWorker({ poll: false, concurrency: 1 })
  await worker.drain()
  await worker.stop()
  assert.deepEqual(order, ['high', 'mid', 'low-1', 'low-2'])
})

test('a delayed job waits for its time, and eta works the same way', async (t) => {
  const c = clock()
  const { queue } = await openQueue(t, { clock: c })
  const ran: string[] = []
  queue.define('rec', (a: { n: string }) => void ran.push(a.n))
  await queue.enqueue('rec', { n: 'delay' }, { delay: 5000 })
  await queue.enqueue('rec', { n: 'eta' }, { eta: new Date(c.now() + 8000) })
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  assert.deepEqual(ran, [])
  c.advance(5000)
  await worker.drain()
  assert.deepEqual(ran, ['delay'])
  c.advance(3000)
  await worker.drain()
  assert.deepEqual(ran, ['delay', 'eta'])
  await worker.stop()
})

test('a failing job is retried with capped exponential backoff, then failed with its error kept', async (t) => {
  const c = clock()
  const { queue } = await openQueue(t, { clock: c, random: () => 1, config: { maxRetryDelayMs: 3000 } })
  let calls = 0
  queue.define('boom', () => {
    calls++
    throw new Error(`boom ${calls}`)
  })
  const id = await queue.enqueue('boom', null, { retries: 3, retryDelay: 1000 })
  const worker = queue.createWorker({ poll: false })
  const waits: number[] = []
  for (let i = 0; i < 3; i++) {
    const before = c.now()
    await worker.drain()
    const job = (await queue.get(id))!
    assert.equal(job.state, 'queued')
    waits.push(Date.parse(job.runAt) - before)
    c.set(Date.parse(job.runAt))
  }
  assert.deepEqual(waits, [1000, 2000, 3000]) // 1 s, 2 s, then capped at 3 s (jitter pinned high)
  await worker.drain()
  const job = (await queue.get(id))!
  assert.equal(job.state, 'failed')
  assert.equal(job.attempts, 4)
  assert.equal(job.error?.message, 'boom 4')
  assert.equal(calls, 4)
  await worker.stop()
})

test('jitter keeps every retry delay between half and all of its step', async () => {
  const { retryDelay } = await import('../../plugins/queue/retry-delay.js')
  assert.equal(
    retryDelay(1, 1000, 60_000, () => 0),
    500,
  )
  assert.equal(
    retryDelay(3, 1000, 60_000, () => 0.5),
    3000,
  )
  assert.equal(
    retryDelay(30, 1000, 60_000, () => 1),
    60_000,
  )
  assert.equal(
    retryDelay(2, 0, 60_000, () => 1),
    0,
  )
})

test('a job that fails once and then succeeds ends done', async (t) => {
  const c = clock()
  const { queue } = await openQueue(t, { clock: c })
  let calls = 0
  queue.define('flaky', () => {
    if (++calls === 1) throw new Error('first time')
    return 'ok'
  })
  const id = await queue.enqueue('flaky', null, { retryDelay: 0 })
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  await worker.drain()
  await worker.stop()
  assert.deepEqual(await queue.result(id), { state: 'done', result: 'ok' })
})

test('a hung handler is abandoned at its timeout, its signal aborted, and the job retried', async (t) => {
  const { queue } = await openQueue(t)
  const signals: AbortSignal[] = []
  queue.define('hang', (_a, ctx) => {
    signals.push(ctx.signal)
    if (ctx.job.attempt === 1) return new Promise(() => {}) // never settles, ignores the signal
    return 'second try'
  })
  const id = await queue.enqueue('hang', null, { timeout: 100, retries: 1, retryDelay: 0 })
  const worker = queue.createWorker({ pollIntervalMs: 20 })
  worker.start()
  t.after(() => worker.stop(0))
  await until(async () => (await queue.result(id))?.state === 'done', 'the retry to finish')
  assert.equal(signals.length, 2)
  assert.equal(signals[0]!.aborted, true)
  assert.equal((signals[0]!.reason as { code: string }).code, 'TIMMY_ERR_QUEUE_TIMEOUT')
  const job = (await queue.get(id))!
  assert.equal(job.attempts, 2)
  assert.equal(job.result, 'second try')
})

test('a job not started before it expires is dropped as expired', async (t) => {
  const c = clock()
  const { queue } = await openQueue(t, { clock: c })
  let ran = false
  queue.define('late', () => {
    ran = true
  })
  const id = await queue.enqueue('late', null, { delay: 2000, expires: 1000 })
  c.advance(2000)
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  await worker.stop()
  assert.equal(ran, false)
  assert.equal((await queue.result(id))?.state, 'expired')
})

test('an idempotency key returns the first job instead of adding another', async (t) => {
  const { queue } = await openQueue(t, { clock: clock() })
  let calls = 0
  queue.define('once', () => ++calls)
  const a = await queue.enqueue('once', { v: 1 }, { idempotencyKey: 'k1' })
  const b = await queue.enqueue('once', { v: 2 }, { idempotencyKey: 'k1' })
  const c = await queue.enqueue('once', { v: 3 }, { idempotencyKey: 'k2' })
  assert.equal(a, b)
  assert.notEqual(a, c)
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  await worker.stop()
  assert.equal(calls, 2)
  assert.deepEqual((await queue.get(a))?.args, { v: 1 })
})

test('a named lock lets one job run at a time across two workers on separate connections', async (t) => {
  const { queue, file } = await openQueue(t)
  const { queue: other } = await openQueue(t, { file })
  let inLock = 0
  let maxInLock = 0
  let free = 0
  let maxFree = 0
  const handler = async (a: { locked: boolean }) => {
    if (a.locked) maxInLock = Math.max(maxInLock, ++inLock)
    else maxFree = Math.max(maxFree, ++free)
    await new Promise((r) => setTimeout(r, 30))
    if (a.locked) inLock--
    else free--
  }
  queue.define('job', handler)
  other.define('job', handler)
  for (let i = 0; i < 4; i++) await queue.enqueue('job', { locked: true }, { lock: 'repo:x' })
  for (let i = 0; i < 4; i++) await queue.enqueue('job', { locked: false })
  const w1 = queue.createWorker({ concurrency: 4, pollIntervalMs: 10 })
  const w2 = other.createWorker({ concurrency: 4, pollIntervalMs: 10 })
  w1.start()
  w2.start()
  t.after(() => Promise.all([w1.stop(0), w2.stop(0)]))
  await until(async () => (await queue.stats()).byState.done === 8, 'all eight jobs')
  assert.equal(maxInLock, 1)
  assert.ok(maxFree > 1, 'unlocked jobs ran side by side')
})

test('a revoked queued job never runs', async (t) => {
  const { queue } = await openQueue(t, { clock: clock() })
  let ran = false
  queue.define('x', () => {
    ran = true
  })
  const id = await queue.enqueue('x')
  assert.equal(await queue.revoke(id), true)
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  await worker.stop()
  assert.equal(ran, false)
  assert.equal((await queue.result(id))?.state, 'revoked')
  assert.equal(await queue.revoke(id), false)
  await assert.rejects(queue.revoke(999), { code: 'TIMMY_ERR_QUEUE_JOB_NOT_FOUND' })
})

test('revoking a running job aborts its signal and its late result is discarded', async (t) => {
  const { queue } = await openQueue(t, { config: { leaseMs: 150 } })
  const started = gate()
  const finish = gate()
  let signal: AbortSignal | undefined
  queue.define('slow', async (_a, ctx) => {
    signal = ctx.signal
    started.open()
    await finish.promise
    return 'late'
  })
  const id = await queue.enqueue('slow')
  const worker = queue.createWorker({ pollIntervalMs: 20 })
  const lost: number[] = []
  worker.on('lost', (e: { id: number }) => lost.push(e.id))
  worker.start()
  t.after(() => worker.stop(0))
  await started.promise
  assert.equal(await queue.revoke(id), true)
  await until(() => signal?.aborted === true, 'the lease renewal to notice the revoke')
  finish.open()
  await until(() => worker.running === 0, 'the worker to let go')
  assert.deepEqual(await queue.result(id), { state: 'revoked' })
  assert.deepEqual(lost, [id])
})

test('a paused task keeps its jobs queued until it is resumed; other tasks run', async (t) => {
  const { queue } = await openQueue(t, { clock: clock() })
  const ran: string[] = []
  queue.define('a', () => void ran.push('a'))
  queue.define('b', () => void ran.push('b'))
  await queue.pause('a')
  const ida = await queue.enqueue('a', null, { priority: 9 })
  await queue.enqueue('b')
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  assert.deepEqual(ran, ['b'])
  assert.equal((await queue.get(ida))?.state, 'queued')
  assert.deepEqual((await queue.stats()).paused, ['a'])
  await queue.resume('a')
  await worker.drain()
  await worker.stop()
  assert.deepEqual(ran, ['b', 'a'])
})

test('a worker whose lease expired cannot complete the job; the new owner does', async (t) => {
  const c = clock()
  const { queue, file } = await openQueue(t, { clock: c, config: { leaseMs: 60_000 } })
  const { queue: other } = await openQueue(t, { clock: c, file, config: { leaseMs: 60_000 } })
  const started = gate()
  const release = gate()
  queue.define('work', async (_a, ctx) => {
    started.open()
    await release.promise
    return `stale ${ctx.job.token}`
  })
  other.define('work', (_a, ctx) => `fresh ${ctx.job.token}`)
  const id = await queue.enqueue('work')
  const stale = queue.createWorker({ poll: false })
  const lost: number[] = []
  stale.on('lost', (e: { id: number }) => lost.push(e.id))
  const staleIdle = stale.drain()
  await started.promise
  c.advance(61_000) // the stale worker's lease runs out (its renewal timer has not fired yet)
  const fresh = other.createWorker({ poll: false })
  await fresh.drain()
  release.open()
  await staleIdle
  await Promise.all([stale.stop(), fresh.stop()])
  const job = (await queue.get(id))!
  assert.equal(job.state, 'done')
  assert.match(String(job.result), /^fresh /)
  assert.equal(job.attempts, 2)
  assert.deepEqual(lost, [id])
})

test('graceful stop waits for short jobs and releases the ones still running after the grace period', async (t) => {
  const { queue } = await openQueue(t)
  const hold = gate()
  queue.define('short', () => 'ok')
  queue.define('long', async () => {
    await hold.promise
    return 'too late'
  })
  const longId = await queue.enqueue('long')
  const shortId = await queue.enqueue('short')
  const worker = queue.createWorker({ concurrency: 2, pollIntervalMs: 10 })
  worker.start()
  await until(async () => (await queue.result(shortId))?.state === 'done', 'the short job')
  await until(() => worker.running === 1, 'the long job to start')
  await worker.stop(50)
  hold.open()
  const job = (await queue.get(longId))!
  assert.equal(job.state, 'queued')
  assert.equal(job.attempts, 0)
})

test('immediate mode runs the job inline, with retries, before enqueue resolves', async (t) => {
  const { queue } = await openQueue(t, { immediate: true })
  let calls = 0
  queue.define('inline', (a: { n: number }) => {
    if (++calls < 3) throw new Error('again')
    return a.n * 2
  })
  const id = await queue.enqueue('inline', { n: 21 }, { retries: 5, retryDelay: 60_000 })
  assert.deepEqual(await queue.result(id), { state: 'done', result: 42 })
  assert.equal(calls, 3)
})

test('bad input is refused with coded errors', async (t) => {
  const { queue } = await openQueue(t)
  queue.define('ok', () => null)
  await assert.rejects(queue.enqueue('nope'), { code: 'TIMMY_ERR_QUEUE_UNKNOWN_TASK' })
  await assert.rejects(queue.enqueue('okk'), (err: { code: string; message: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_QUEUE_UNKNOWN_TASK')
    assert.match(err.message, /"ok"/)
    return true
  })
  const cyclic: Record<string, unknown> = {}
  cyclic.self = cyclic
  for (const args of [
    () => 1,
    { f: () => 1 },
    10n,
    { d: new Date() },
    [Number.NaN],
    cyclic,
    new Map(),
    undefined,
  ])
    await assert.rejects(queue.enqueue('ok', args === undefined ? { u: undefined } : args), {
      code: 'TIMMY_ERR_QUEUE_BAD_ARGS',
    })
  for (const opts of [
    { delay: -1 },
    { timeout: 0 },
    { retries: -2 },
    { priority: 1.5 },
    { delay: 1, eta: 5 },
    { expires: Number.NaN },
  ])
    await assert.rejects(queue.enqueue('ok', null, opts), { code: 'TIMMY_ERR_QUEUE_BAD_OPTION' })
  assert.throws(() => queue.define('ok', () => null), { code: 'TIMMY_ERR_QUEUE_DUPLICATE_TASK' })
  assert.equal((await queue.stats()).byState.queued, 0)
})

test('a handler that returns something JSON cannot hold fails with a coded error', async (t) => {
  const { queue } = await openQueue(t, { immediate: true })
  queue.define('bad', () => new Map())
  const id = await queue.enqueue('bad', null, { retries: 0 })
  const r = await queue.result(id)
  assert.equal(r?.state, 'failed')
  assert.equal(r?.error?.code, 'TIMMY_ERR_QUEUE_NOT_SERIALISABLE_RESULT')
})

test('retry puts a failed job back in the queue with fresh attempts', async (t) => {
  const { queue } = await openQueue(t, { immediate: true })
  let fail = true
  queue.define('t', () => {
    if (fail) throw new Error('no')
    return 'yes'
  })
  const id = await queue.enqueue('t', null, { retries: 0 })
  assert.equal((await queue.result(id))?.state, 'failed')
  await assert.rejects(queue.retry(12345), { code: 'TIMMY_ERR_QUEUE_JOB_NOT_FOUND' })
  fail = false
  await queue.retry(id)
  assert.equal((await queue.get(id))?.state, 'queued')
  const worker = queue.createWorker({ poll: false })
  await worker.drain()
  await worker.stop()
  assert.deepEqual(await queue.result(id), { state: 'done', result: 'yes' })
  await assert.rejects(queue.retry(id), { code: 'TIMMY_ERR_QUEUE_BAD_STATE' })
})

test('a live worker renews its lease, so a long job is not taken over by another worker', async (t) => {
  const { queue, file } = await openQueue(t, { config: { leaseMs: 400 } })
  const { queue: other } = await openQueue(t, { file, config: { leaseMs: 400 } })
  let runs = 0
  const long = async () => {
    runs++
    await new Promise((r) => setTimeout(r, 1500))
    return 'finished'
  }
  queue.define('long', long)
  other.define('long', long)
  const id = await queue.enqueue('long')
  const first = queue.createWorker({ pollIntervalMs: 20 })
  first.start()
  await until(() => runs === 1, 'the first worker to start the job')
  const second = other.createWorker({ pollIntervalMs: 20 })
  second.start()
  t.after(() => Promise.all([first.stop(0), second.stop(0)]))
  await until(async () => (await queue.result(id))?.state === 'done', 'the job to finish')
  assert.equal(runs, 1)
  assert.equal((await queue.get(id))?.attempts, 1)
})

test('a write lock held elsewhere past the busy timeout is a coded error, and the next enqueue works', async (t) => {
  const { createQueue } = await import('../../plugins/queue/queue.js')
  const { openStore } = await import('../../core/store/store.js')
  const { file } = await openQueue(t)
  const store = await openStore(file, { busyTimeoutMs: 30 })
  const holder = await openStore(file)
  t.after(() => {
    store.close()
    holder.close()
  })
  const queue = createQueue({ store })
  queue.define('x', () => null)
  holder.db.exec('BEGIN IMMEDIATE')
  await assert.rejects(queue.enqueue('x'), { code: 'TIMMY_ERR_QUEUE_BUSY' })
  holder.db.exec('COMMIT')
  assert.ok((await queue.enqueue('x')) > 0)
})
