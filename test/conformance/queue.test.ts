/**
 * One suite of queue behaviours, run against every backend: SQLite (a temp file) and PostgreSQL
 * (TIMMY_TEST_PG_URL, or a server started for this file; skipped with the reason when there is none).
 * Each test gets an empty store: a new SQLite file, or a new PostgreSQL schema. "Two processes" are
 * two backends on the same store (each its own connection), as two hosts would be.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import pg from 'pg'
import { openStore } from '../../core/store/store.js'
import { createPostgresService } from '../../plugins/postgres/service.js'
import type { QueueBackend } from '../../plugins/queue/backend.js'
import type { QueueConfig } from '../../plugins/queue/config-schema.js'
import { JobDeferred } from '../../plugins/queue/defer-job.js'
import { createPgBackend } from '../../plugins/queue/pg-backend.js'
import { createQueue, type QueueCore } from '../../plugins/queue/queue.js'
import { createScheduler } from '../../plugins/queue/scheduler.js'
import { createSqliteBackend } from '../../plugins/queue/sqlite-backend.js'
import { startPostgres } from '../helpers/postgres.js'
import { tempDir } from '../helpers/temp.js'
import { clock } from '../queue/helpers.js'

const TTL = 3_600_000
const server = await startPostgres()

type Ctx = { after(fn: () => unknown): void }

/** A way to open backends that share one fresh store. */
interface Kind {
  name: string
  skip: string | false
  /** A fresh store; each call of the returned function opens another backend (another connection) on it. */
  fresh(t: Ctx): Promise<() => Promise<QueueBackend>>
}

const closers: (() => unknown)[] = []
after(async () => {
  for (const close of closers.reverse()) await close()
  if ('stop' in server) await server.stop()
})

const kinds: Kind[] = [
  {
    name: 'sqlite',
    skip: false,
    async fresh(t) {
      const file = join(tempDir(t, 'timmy-conf-'), 'timmy.db')
      return async () => {
        const store = await openStore(file)
        const backend = createSqliteBackend(store, { resultTtlMs: TTL, reapEveryMs: 0 })
        t.after(() => store.close())
        return backend
      }
    },
  },
  {
    name: 'postgres',
    skip: 'skip' in server ? server.skip : false,
    async fresh() {
      if ('skip' in server) throw new Error(server.skip)
      const schema = `s_${randomBytes(5).toString('hex')}`
      const admin = new pg.Client({ connectionString: server.url })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      await admin.end()
      const url = new URL(server.url)
      url.searchParams.set('options', `-c search_path=${schema}`)
      return async () => {
        // each backend on a pool of its own, as each host has its postgres service's
        const postgres = createPostgresService(url.toString(), 4)
        closers.push(postgres.close)
        const backend = await createPgBackend({
          pool: await postgres.service.pool(),
          resultTtlMs: TTL,
          reapEveryMs: 0,
        })
        closers.push(() => backend.close())
        return backend
      }
    },
  },
]

/** A queue over a new backend on the store, with a movable clock and the given options. */
function queueOn(backend: QueueBackend, now: () => number, config: Partial<QueueConfig> = {}): QueueCore {
  return createQueue({ backend, now, random: () => 0.5, config: { pollIntervalMs: 20, ...config } })
}

for (const kind of kinds) {
  describe(`queue conformance: ${kind.name}`, { skip: kind.skip }, () => {
    test('enqueue, claim and complete: the result is stored and the job is done once', async (t) => {
      const open = await kind.fresh(t)
      const c = clock()
      const q = queueOn(await open(), c.now)
      q.define('add', (a: { x: number; y: number }) => a.x + a.y)
      const id = await q.enqueue('add', { x: 2, y: 3 })
      assert.equal((await q.get(id))?.state, 'queued')
      const w = q.createWorker({ concurrency: 2 })
      await w.drain()
      await w.stop()
      assert.deepEqual(await q.result(id), { state: 'done', result: 5 })
      assert.equal((await q.get(id))?.attempts, 1)
    })

    test('a lease that expires is claimed again, and the stale token can no longer complete (CAS)', async (t) => {
      const open = await kind.fresh(t)
      const backend = await open()
      const c = clock()
      const q = queueOn(backend, c.now)
      q.define('slow', () => null)
      const id = await q.enqueue('slow', null)
      const claim = (worker: string) => ({ worker, limit: 1, leaseMs: 1000, tokenPrefix: `${worker}#` })
      const first = (await backend.settleAndClaim([], claim('a'), c.now())).claimed[0]!
      assert.equal(first.id, id)
      assert.deepEqual(
        (await backend.settleAndClaim([], claim('b'), c.now() + 500)).claimed,
        [],
        'the lease holds',
      )
      c.advance(5000)
      const second = (await backend.settleAndClaim([], claim('b'), c.now())).claimed[0]!
      assert.equal(second.id, id, 'the expired lease is claimed again')
      assert.equal(second.attempts, 2)
      assert.notEqual(second.token, first.token)
      const stale = await backend.settleAndClaim(
        [{ kind: 'complete', id, token: first.token, result: '"stale"' }],
        undefined,
        c.now(),
      )
      assert.deepEqual(stale.applied, [false], 'the old token is refused')
      assert.deepEqual(
        await backend.renew([{ id, token: first.token }], c.now() + 1000),
        [id],
        'and cannot renew',
      )
      const fresh = await backend.settleAndClaim(
        [{ kind: 'complete', id, token: second.token, result: '"fresh"' }],
        undefined,
        c.now(),
      )
      assert.deepEqual(fresh.applied, [true])
      assert.deepEqual(await q.result(id), { state: 'done', result: 'fresh' })
    })

    test('an idempotency key returns the first job id, whichever backend enqueues', async (t) => {
      const open = await kind.fresh(t)
      const c = clock()
      const q1 = queueOn(await open(), c.now)
      const q2 = queueOn(await open(), c.now)
      for (const q of [q1, q2]) q.define('once', () => null)
      const ids = await Promise.all([
        q1.enqueue('once', { n: 1 }, { idempotencyKey: 'k' }),
        q2.enqueue('once', { n: 2 }, { idempotencyKey: 'k' }),
        q1.enqueue('once', { n: 3 }, { idempotencyKey: 'k' }),
      ])
      assert.equal(new Set(ids).size, 1)
      assert.equal((await q1.list({ task: 'once' })).length, 1)
      assert.notEqual(await q1.enqueue('once', null, { idempotencyKey: 'other' }), ids[0])
    })

    test('claims follow priority (higher first), then run time, then id', async (t) => {
      const open = await kind.fresh(t)
      const backend = await open()
      const c = clock()
      const q = queueOn(backend, c.now)
      q.define('p', () => null)
      const low = await q.enqueue('p', 'low', { priority: -1 })
      const mid1 = await q.enqueue('p', 'mid1')
      const high = await q.enqueue('p', 'high', { priority: 5 })
      const mid2 = await q.enqueue('p', 'mid2')
      const order: number[] = []
      for (let i = 0; i < 4; i++) {
        const req = { worker: 'w', limit: 1, leaseMs: 60_000, tokenPrefix: 'w#' }
        order.push((await backend.settleAndClaim([], req, c.now())).claimed[0]!.id)
      }
      assert.deepEqual(order, [high, mid1, mid2, low])
    })

    test('a failing job is retried with a growing backoff, then fails after maxRetries', async (t) => {
      const open = await kind.fresh(t)
      const c = clock()
      const q = queueOn(await open(), c.now, { maxRetryDelayMs: 3_600_000 })
      let calls = 0
      q.define('flaky', () => {
        calls++
        throw new Error(`boom ${calls}`)
      })
      const id = await q.enqueue('flaky', null, { retries: 2, retryDelay: 1000 })
      const w = q.createWorker({ concurrency: 1 })
      const waits: number[] = []
      for (let attempt = 1; attempt <= 3; attempt++) {
        await w.drain()
        const job = (await q.get(id))!
        assert.equal(job.attempts, attempt)
        if (attempt < 3) {
          assert.equal(job.state, 'queued', `attempt ${attempt} is retried`)
          const wait = Date.parse(job.runAt) - c.now()
          assert.ok(wait >= 500, `backoff after attempt ${attempt}: ${wait} ms`)
          waits.push(wait)
          await w.drain()
          assert.equal(calls, attempt, 'not run again before its backoff')
          c.advance(wait)
        }
      }
      await w.stop()
      assert.ok(waits[1]! > waits[0]!, `the backoff grows: ${waits.join(', ')}`)
      const r = await q.result(id)
      assert.equal(r?.state, 'failed')
      assert.match(r?.error?.message ?? '', /boom 3/)
      assert.equal(calls, 3)
    })

    test('a revoked job never runs, and revoking a finished job says so', async (t) => {
      const open = await kind.fresh(t)
      const c = clock()
      const q = queueOn(await open(), c.now)
      let ran = 0
      q.define('r', () => ++ran)
      const id = await q.enqueue('r', null)
      assert.equal(await q.revoke(id), true)
      const w = q.createWorker()
      await w.drain()
      assert.equal(ran, 0)
      assert.equal((await q.get(id))?.state, 'revoked')
      assert.equal(await q.revoke(id), false)
      await q.retry(id)
      await w.drain()
      await w.stop()
      assert.deepEqual(await q.result(id), { state: 'done', result: 1 }, 'a retried revoked job runs')
    })

    test('a paused task waits; resumed, it runs; other tasks run meanwhile', async (t) => {
      const open = await kind.fresh(t)
      const c = clock()
      const q = queueOn(await open(), c.now)
      q.define('held', () => 'h')
      q.define('free', () => 'f')
      await q.pause('held')
      const held = await q.enqueue('held', null)
      const free = await q.enqueue('free', null)
      const w = q.createWorker()
      await w.drain()
      assert.equal((await q.get(held))?.state, 'queued')
      assert.equal((await q.get(free))?.state, 'done')
      assert.deepEqual((await q.stats()).paused, ['held'])
      await q.resume('held')
      await w.drain()
      await w.stop()
      assert.equal((await q.get(held))?.state, 'done')
      assert.deepEqual((await q.stats()).paused, [])
    })

    test('a deferred job waits unrun (no attempt counted) until woken by its key', async (t) => {
      const open = await kind.fresh(t)
      const c = clock()
      const q = queueOn(await open(), c.now)
      let calls = 0
      q.define('budgeted', () => {
        if (++calls === 1)
          throw new JobDeferred({ until: c.now() + 3_600_000, reason: 'budget spent', key: 'b1' })
        return 'ran'
      })
      const id = await q.enqueue('budgeted', null)
      const w = q.createWorker()
      await w.drain()
      const waiting = (await q.get(id))!
      assert.equal(waiting.state, 'queued')
      assert.equal(waiting.attempts, 0)
      assert.deepEqual(waiting.waiting?.key, 'b1')
      assert.equal(await q.wake('nobody'), 0)
      assert.equal(await q.wake('b1'), 1)
      await w.drain()
      await w.stop()
      assert.deepEqual(await q.result(id), { state: 'done', result: 'ran' })
      assert.equal((await q.get(id))?.attempts, 1)
    })

    test('two schedulers racing on one store enqueue each scheduled instant once', async (t) => {
      const open = await kind.fresh(t)
      const c = clock(Date.UTC(2026, 0, 1, 0, 0, 0))
      const qs = [queueOn(await open(), c.now), queueOn(await open(), c.now)]
      const schedulers = qs.map((q) => {
        q.define('beat', () => null)
        return createScheduler(q, [{ task: 'beat', cron: '* * * * *', catchUp: 'all' }])
      })
      await Promise.all(schedulers.map((s) => s.tick())) // both start their cursor at now
      let added = 0
      for (let minute = 0; minute < 20; minute++) {
        c.advance(60_000)
        const n = await Promise.all(schedulers.map((s) => s.tick()))
        added += n[0]! + n[1]!
      }
      const jobs = await qs[0]!.list({ task: 'beat', limit: 100 })
      assert.equal(jobs.length, 20)
      assert.equal(added, 20, 'each instant was inserted by exactly one scheduler')
      const instants = jobs.map((j) => j.idempotencyKey)
      assert.equal(new Set(instants).size, 20)
    })

    test('two workers on two connections never claim the same job (200 jobs)', async (t) => {
      const open = await kind.fresh(t)
      const c = { now: Date.now }
      const qs = [
        queueOn(await open(), c.now, { leaseMs: 60_000 }),
        queueOn(await open(), c.now, { leaseMs: 60_000 }),
      ]
      const starts = new Map<number, string[]>()
      for (const [i, q] of qs.entries())
        q.define('job', async (_a: unknown, ctx) => {
          starts.set(ctx.job.id, [...(starts.get(ctx.job.id) ?? []), `w${i}`])
          await new Promise((r) => setTimeout(r, 1))
          return i
        })
      const ids: number[] = []
      for (let i = 0; i < 200; i++) ids.push(await qs[i % 2]!.enqueue('job', { i }))
      const workers = qs.map((q) => q.createWorker({ concurrency: 4 }))
      await Promise.all(workers.map((w) => w.drain()))
      while ((await qs[0]!.stats()).byState.done < 200) await Promise.all(workers.map((w) => w.drain()))
      await Promise.all(workers.map((w) => w.stop()))
      const twice = [...starts].filter(([, by]) => by.length > 1)
      assert.deepEqual(twice, [], 'no job started twice')
      assert.equal(starts.size, 200)
      assert.equal((await qs[1]!.stats()).byState.done, 200)
    })
  })
}
