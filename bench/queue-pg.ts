/**
 * Queue on PostgreSQL: `node --import tsx bench/queue-pg.ts [jobs] [--rounds N] [--samples N]
 * [--idle-ms MS] [--concurrency N]`. Starts its own PostgreSQL with scripts/pg-server.mjs (fsync off,
 * loopback) unless TIMMY_TEST_PG_URL names a server, and stops it. Every system gets a fresh database
 * on the same server, in the same run.
 *
 * 1. End to end, `jobs` trivial jobs (default 10,000): enqueue them one call at a time (worker not
 *    running), then start a worker and time until every job is complete in the database. timmy's queue
 *    is built as `timmy serve` builds it (createPgBackend → createQueue → createWorker), against
 *    graphile-worker (`addJob`, then `run`) and pg-boss (`send`, then `work`). Same worker
 *    concurrency for all; batch claim and batch completion on for all (see SETTINGS below).
 * 2. Enqueue → handler start from another process on PostgreSQL: a forked worker process waits
 *    (LISTEN/NOTIFY), this process enqueues one job at a time; both read
 *    `performance.timeOrigin + performance.now()`, the offset between the two clocks is measured over
 *    IPC (ping with the least round trip). timmy and graphile-worker, each at its defaults; 5 warm-up
 *    jobs first, then samples spaced 20–270 ms (spread over a 250 ms poll cycle).
 * 3. The same on SQLite (timmy only, two processes on one timmy.db, default settings), and each worker
 *    process's CPU time while idle for `--idle-ms` (process.cpuUsage).
 * `--only throughput` or `--only latency` runs one part.
 */
import { type ChildProcess, fork, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Logger, makeWorkerUtils, run as runGraphile } from 'graphile-worker'
import pg from 'pg'
import PgBoss from 'pg-boss'
import { openStore } from '../core/store/store.js'
import { createPostgresService } from '../plugins/postgres/service.js'
import { createPgBackend } from '../plugins/queue/pg-backend.js'
import { createQueue, type QueueCore } from '../plugins/queue/queue.js'
import { median, percentile } from './lib.js'

const self = fileURLToPath(import.meta.url)
const clock = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const quiet = new Logger(() => () => {})
/** Latency jobs enqueued and not counted first (connections, LISTEN, JIT). */
const WARMUP = 5

// ---------------------------------------------------------------------------------------------
// Child: a worker process for the latency runs (forked with IPC; role in BENCH_QUEUE_PG_CHILD).
// ---------------------------------------------------------------------------------------------

type ToChild = { type: 'ping'; n: number } | { type: 'idle'; ms: number } | { type: 'stop' }
type FromChild =
  | { type: 'ready' }
  | { type: 'pong'; n: number; t: number }
  | { type: 'started'; i: number; t: number }
  | { type: 'cpu'; ms: number }

async function child(role: string, target: string): Promise<void> {
  const send = (m: FromChild) => process.send!(m)
  const started = (args: unknown): void => {
    send({ type: 'started', i: (args as { i: number }).i, t: clock() })
  }
  let stop: () => Promise<void>
  if (role === 'graphile') {
    const runner = await runGraphile({
      connectionString: target,
      logger: quiet,
      noHandleSignals: true,
      taskList: {
        ping: async (payload) => {
          started(payload)
        },
      },
    })
    stop = () => runner.stop()
  } else {
    // timmy as `timmy serve` opens it: a PostgreSQL backend for store.url, else the SQLite store.
    const store = role === 'timmy-sqlite' ? await openStore(target) : undefined
    const queue = store ? createQueue({ store }) : createQueue({ backend: await timmyBackend(target) })
    queue.define('ping', (args) => {
      started(args)
      return null
    })
    const worker = queue.createWorker()
    worker.start()
    stop = async () => {
      await worker.stop()
      await queue.close()
      store?.close()
    }
  }
  process.on('message', async (m: ToChild) => {
    if (m.type === 'ping') send({ type: 'pong', n: m.n, t: clock() })
    else if (m.type === 'idle') {
      await sleep(500) // let the last job's settlement and any pruning pass
      const before = process.cpuUsage()
      await sleep(m.ms)
      const d = process.cpuUsage(before)
      send({ type: 'cpu', ms: (d.user + d.system) / 1000 })
    } else if (m.type === 'stop') {
      await stop()
      process.disconnect()
      process.exit(0)
    }
  })
  send({ type: 'ready' })
}

const childRole = process.env.BENCH_QUEUE_PG_CHILD
if (childRole) {
  await child(childRole, process.env.BENCH_QUEUE_PG_TARGET!)
} else {
  await main()
}

// ---------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '3' },
      samples: { type: 'string', default: '200' },
      'idle-ms': { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '16' },
      only: { type: 'string' },
    },
  })
  const JOBS = Number(positionals[0] ?? 10_000)
  const ROUNDS = Number(values.rounds)
  const SAMPLES = Number(values.samples)
  const IDLE_MS = Number(values['idle-ms'])
  const C = Number(values.concurrency)
  const only = values.only // 'throughput' or 'latency': run one part
  const BOSS_BATCH = Math.max(C, Math.min(1000, JOBS))

  const server = startServer()
  const dbs: string[] = []
  const admin = new pg.Client({ connectionString: server.url })
  await admin.connect()
  let dbSeq = 0
  const freshDb = async (label: string): Promise<string> => {
    const name = `bench_${label}_${process.pid}_${++dbSeq}`
    await admin.query(`CREATE DATABASE ${name}`)
    dbs.push(name)
    const u = new URL(server.url)
    u.pathname = `/${name}`
    return u.toString()
  }
  async function throughput(): Promise<void> {
    console.log(
      `SETTINGS worker concurrency ${C} for all. timmy: one worker, claims up to ${C} per transaction and settles ` +
        `finished jobs with the next claim (its design); graphile-worker: concurrency ${C}, localQueue.size ${C} ` +
        `(batch claim), completeJobBatchDelay 0 (batch completion); pg-boss: work() batchSize ${BOSS_BATCH}, ` +
        `pollingIntervalSeconds 0.5 (its minimum; it has no LISTEN wake-up and sleeps interval − duration ` +
        `between fetches). Enqueue: one awaited call at a time, worker stopped; then drain.\n`,
    )
    const results: Record<string, { enq: number[]; drain: number[]; total: number[] }> = {}
    const systems: [string, (url: string) => Promise<{ enqMs: number; drainMs: number }>][] = [
      ['timmy', (url) => throughputTimmy(url, JOBS, C)],
      ['graphile-worker', (url) => throughputGraphile(url, JOBS, C, true)],
      ['graphile-worker (no batching)', (url) => throughputGraphile(url, JOBS, C, false)],
      ['pg-boss', (url) => throughputBoss(url, JOBS, BOSS_BATCH)],
    ]
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, fn] of systems) {
        const { enqMs, drainMs } = await fn(await freshDb(name.replace(/\W+/g, '_').slice(0, 12)))
        const e = (results[name] ??= { enq: [], drain: [], total: [] })
        e.enq.push(JOBS / (enqMs / 1000))
        e.drain.push(JOBS / (drainMs / 1000))
        e.total.push(JOBS / ((enqMs + drainMs) / 1000))
      }
    const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(7)
    for (const [name, e] of Object.entries(results))
      console.log(
        `${name.padEnd(30)} end to end ${fmt(median(e.total))} jobs/s   (enqueue ${fmt(median(e.enq))} /s, ` +
          `claim+complete ${fmt(median(e.drain))} /s)`,
      )
    const t = median(results.timmy!.total)
    const g = median(results['graphile-worker']!.total)
    const gd = median(results['graphile-worker']!.drain)
    console.log(
      `timmy / graphile-worker: end to end ratio ${(t / g).toFixed(2)} (target ≥ 1.00), ` +
        `claim+complete ratio ${(median(results.timmy!.drain) / gd).toFixed(2)}`,
    )
  }

  async function latencies(): Promise<void> {
    console.log(
      `\nenqueue → handler start from another process (${SAMPLES} samples, after ${WARMUP} warm-up jobs, spaced 20–270 ms; worker idle CPU over ${IDLE_MS} ms):`,
    )
    const lat: [string, string, string][] = [
      ['timmy on PostgreSQL (LISTEN/NOTIFY)', 'timmy-pg', await freshDb('lat_timmy')],
      ['graphile-worker (LISTEN/NOTIFY)', 'graphile', await freshDb('lat_graphile')],
      ['timmy on SQLite (default, poll 250 ms)', 'timmy-sqlite', join(tmp, 'timmy.db')],
    ]
    for (const [label, role, target] of lat) {
      const r = await latency(role, target, SAMPLES, IDLE_MS)
      console.log(
        `${label.padEnd(40)} median ${r.median.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms   ` +
          `idle CPU ${r.idleCpuMs.toFixed(1).padStart(6)} ms / ${IDLE_MS / 1000} s   (clock offset ${r.offset.toFixed(3)} ms ± ${(r.rtt / 2).toFixed(3)})`,
      )
    }
  }

  const tmp = mkdtempSync(join(tmpdir(), 'timmy-bench-queue-pg-'))
  try {
    const version = (await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))
      .rows[0]!.v
    console.log(
      `queue-pg bench: PostgreSQL ${version} on loopback (${server.own ? 'started by the bench, fsync off' : 'TIMMY_TEST_PG_URL'}), ` +
        `${JOBS} trivial jobs, ${ROUNDS} round(s), median\n`,
    )
    if (only !== 'latency') await throughput()
    if (only !== 'throughput') {
      await latencies()
      console.log('target: ≤ 5 ms median on PostgreSQL and on SQLite (without more idle CPU)')
    }
  } finally {
    await admin.end().catch(() => {})
    rmSync(tmp, { recursive: true, force: true })
    server.stop()
  }
}

/** The server TIMMY_TEST_PG_URL names, else one started with scripts/pg-server.mjs (stopped at the end). */
function startServer(): { url: string; own: boolean; stop: () => void } {
  const given = process.env.TIMMY_TEST_PG_URL
  if (given) return { url: given, own: false, stop: () => {} }
  const script = fileURLToPath(new URL('../scripts/pg-server.mjs', import.meta.url))
  const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-pg-'))
  const r = spawnSync(process.execPath, [script, 'start', dir], { encoding: 'utf8' })
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    console.error(`could not start PostgreSQL (set TIMMY_TEST_PG_URL or install it): ${r.stderr.trim()}`)
    process.exit(r.status ?? 1)
  }
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    spawnSync(process.execPath, [script, 'stop', dir])
    rmSync(dir, { recursive: true, force: true })
  }
  process.on('exit', stop)
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      stop()
      process.exit(130)
    })
  return { url: /TIMMY_TEST_PG_URL=(\S+)/.exec(r.stdout)![1]!, own: true, stop }
}

/** Poll a count until it reaches `want` (after the handlers ran: completion may trail them). */
async function waitCount(url: string, sql: string, want: number): Promise<void> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    for (;;) {
      const n = (await c.query<{ n: number }>(sql)).rows[0]!.n
      if (n === want) return
      await sleep(2)
    }
  } finally {
    await c.end()
  }
}

/** Resolves when `count()` reaches n (checked every millisecond; the handlers bump it). */
async function until(count: () => number, n: number): Promise<void> {
  while (count() < n) await sleep(1)
}

async function throughputTimmy(url: string, n: number, concurrency: number) {
  const queue: QueueCore = createQueue({
    backend: await timmyBackend(url),
    config: { concurrency },
  })
  let ran = 0
  queue.define('t', () => {
    ran++
    return null
  })
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await queue.enqueue('t', { i })
  const t1 = performance.now()
  const worker = queue.createWorker({ concurrency })
  worker.start()
  await until(() => ran, n)
  await waitCount(url, `SELECT count(*)::int AS n FROM queue_jobs WHERE state = 'done'`, n)
  const t2 = performance.now()
  await worker.stop()
  await queue.close()
  if (ran !== n) throw new Error(`timmy ran ${ran} of ${n}`)
  return { enqMs: t1 - t0, drainMs: t2 - t1 }
}

async function throughputGraphile(url: string, n: number, concurrency: number, batch: boolean) {
  const utils = await makeWorkerUtils({ connectionString: url, logger: quiet })
  await utils.migrate()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await utils.addJob('t', { i })
  const t1 = performance.now()
  let ran = 0
  const runner = await runGraphile({
    connectionString: url,
    concurrency,
    logger: quiet,
    noHandleSignals: true,
    taskList: {
      t: async () => {
        ran++
      },
    },
    ...(batch ? { preset: { worker: { localQueue: { size: concurrency }, completeJobBatchDelay: 0 } } } : {}),
  })
  await until(() => ran, n)
  await waitCount(url, 'SELECT count(*)::int AS n FROM graphile_worker._private_jobs', 0)
  const t2 = performance.now()
  await runner.stop()
  await utils.release()
  if (ran !== n) throw new Error(`graphile-worker ran ${ran} of ${n}`)
  return { enqMs: t1 - t0, drainMs: t2 - t1 }
}

async function throughputBoss(url: string, n: number, batchSize: number) {
  const boss = new PgBoss({ connectionString: url, schedule: false, supervise: false })
  boss.on('error', () => {})
  await boss.start()
  await boss.createQueue('t')
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await boss.send('t', { i })
  const t1 = performance.now()
  let ran = 0
  await boss.work('t', { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    ran += jobs.length
  })
  await until(() => ran, n)
  await waitCount(
    url,
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 't' AND state = 'completed'`,
    n,
  )
  const t2 = performance.now()
  await boss.stop({ graceful: false, wait: true })
  if (ran !== n) throw new Error(`pg-boss ran ${ran} of ${n}`)
  return { enqMs: t1 - t0, drainMs: t2 - t1 }
}

/** Fork a worker process (role), enqueue `samples` jobs one at a time from here, and time each start. */
async function latency(role: string, target: string, samples: number, idleMs: number) {
  const proc: ChildProcess = fork(self, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_QUEUE_PG_CHILD: role, BENCH_QUEUE_PG_TARGET: target },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const waiters = new Map<string, (m: FromChild) => void>()
  const next = (key: string) => new Promise<FromChild>((resolve) => waiters.set(key, resolve))
  proc.on('message', (m: FromChild) => {
    const key = m.type === 'started' ? `started:${m.i}` : m.type === 'pong' ? `pong:${m.n}` : m.type
    const w = waiters.get(key)
    waiters.delete(key)
    w?.(m)
  })
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
  await next('ready')

  // The child's clock minus ours, from the ping with the least round trip.
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 }
  for (let n = 0; n < 30; n++) {
    const a = clock()
    const reply = next(`pong:${n}`)
    proc.send({ type: 'ping', n } satisfies ToChild)
    const { t } = (await reply) as { t: number }
    const b = clock()
    if (b - a < best.rtt) best = { rtt: b - a, offset: t - (a + b) / 2 }
  }

  const enqueue = await producer(role, target)
  const out: number[] = []
  for (let i = -WARMUP; i < samples; i++) {
    // Spaced 20–270 ms, spread over a 250 ms poll cycle (the SQLite worker's), so the worker is idle
    // (waiting) at each enqueue and a poll is not caught at one phase.
    await sleep(20 + (((i + WARMUP) * 37) % 250))
    const ran = next(`started:${i}`)
    const t0 = clock()
    await enqueue(i)
    const { t } = (await ran) as { t: number }
    if (i >= 0) out.push(t - best.offset - t0)
  }
  await enqueue.close()
  const cpu = next('cpu')
  proc.send({ type: 'idle', ms: idleMs } satisfies ToChild)
  const idleCpuMs = ((await cpu) as { ms: number }).ms
  proc.send({ type: 'stop' } satisfies ToChild)
  await exited
  return { median: median(out), p95: percentile(out, 95), idleCpuMs, offset: best.offset, rtt: best.rtt }
}

/** The enqueuing side of a latency run: timmy's queue over the same database or file, or graphile's addJob. */
async function producer(role: string, target: string) {
  if (role === 'graphile') {
    const utils = await makeWorkerUtils({ connectionString: target, logger: quiet })
    await utils.migrate()
    return Object.assign(async (i: number) => void (await utils.addJob('ping', { i })), {
      close: () => utils.release(),
    })
  }
  const store = role === 'timmy-sqlite' ? await openStore(target) : undefined
  const queue = store ? createQueue({ store }) : createQueue({ backend: await timmyBackend(target) })
  queue.define('ping', () => null)
  return Object.assign(async (i: number) => void (await queue.enqueue('ping', { i })), {
    close: async () => {
      await queue.close()
      store?.close()
    },
  })
}

/** timmy's queue backend as `timmy serve` opens it: on the `postgres` plugin's shared pool. */
async function timmyBackend(url: string) {
  const { service } = createPostgresService(url, 8)
  return createPgBackend({ pool: await service.pool(), resultTtlMs: 86_400_000 })
}
