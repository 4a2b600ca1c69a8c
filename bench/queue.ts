/**
 * Queue benchmark: `node --import tsx bench/queue.ts [--jobs N] [--memory-jobs N]` (add
 * `--expose-gc` for steadier heap figures).
 *
 * 1. Throughput, enqueue then drain of N trivial jobs with one worker, at synchronous=NORMAL and at
 *    FULL (both WAL), against the raw better-sqlite3 floor measured in the same run at the same
 *    durability: one commit per enqueue, claims (and completions) in batches of 100.
 * 2. Enqueue → start latency with an idle worker in the same process (woken, not polling), and
 *    across connections (a second process would see the same: bounded by the poll interval).
 * 3. Memory across many jobs processed with completed jobs pruned by policy (result TTL 0).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Sqlite from 'better-sqlite3'
import { openStore } from '../core/store/store.js'
import { createQueue } from '../plugins/queue/queue.js'

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '20000' },
    'memory-jobs': { type: 'string', default: '60000' },
  },
})
const JOBS = Number(values.jobs)
const MEMORY_JOBS = Number(values['memory-jobs'])
const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-queue-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
let fileSeq = 0
const freshFile = () => join(dir, `q${++fileSeq}.db`)

type Sync = 'NORMAL' | 'FULL'
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The floor: hand-written SQL for insert, batch claim, batch complete; no queue features at all. */
function rawFloor(sync: Sync, n: number): number {
  const db = new Sqlite(freshFile())
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${sync}`)
  db.exec(`CREATE TABLE jobs (id INTEGER PRIMARY KEY, task TEXT NOT NULL, args TEXT NOT NULL,
    state TEXT NOT NULL, run_at INTEGER NOT NULL, lease_until INTEGER, result TEXT);
    CREATE INDEX jobs_ready ON jobs (run_at, id) WHERE state = 'queued';`)
  const insert = db.prepare(`INSERT INTO jobs (task, args, state, run_at) VALUES (?, ?, 'queued', ?)`)
  const claim = db.prepare(
    `UPDATE jobs SET state = 'running', lease_until = ? WHERE id IN
       (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 100)
     RETURNING id, args`,
  )
  const complete = db.prepare(`UPDATE jobs SET state = 'done', result = ? WHERE id = ?`)
  const t0 = performance.now()
  const insertOne = db.transaction((i: number) => insert.run('t', JSON.stringify({ i }), Date.now()))
  for (let i = 0; i < n; i++) insertOne.immediate(i) // BEGIN IMMEDIATE, as the queue does
  let done: { id: number; args: string }[] = []
  const step = db.transaction(() => {
    for (const j of done) complete.run('null', j.id)
    const now = Date.now()
    return claim.all(now + 30_000, now) as { id: number; args: string }[]
  })
  let processed = 0
  for (;;) {
    const batch = step.immediate()
    processed += done.length
    if (batch.length === 0) break
    for (const j of batch) JSON.parse(j.args)
    done = batch
  }
  const secs = (performance.now() - t0) / 1000
  db.close()
  if (processed !== n) throw new Error(`raw floor processed ${processed} of ${n}`)
  return n / secs
}

async function timmy(sync: Sync, n: number): Promise<number> {
  const store = await openStore(freshFile(), { synchronous: sync })
  const queue = createQueue({ store, config: { resultTtlMs: 3_600_000 } })
  let ran = 0
  queue.define('t', () => {
    ran++
    return null
  })
  const worker = queue.createWorker({ concurrency: 100, poll: false })
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await queue.enqueue('t', { i })
  await worker.drain()
  const secs = (performance.now() - t0) / 1000
  await worker.stop()
  const done = (await queue.stats()).byState.done
  store.close()
  if (ran !== n || done !== n) throw new Error(`timmy ran ${ran}, done ${done}, of ${n}`)
  return n / secs
}

async function latencyInProcess(samples: number): Promise<number> {
  const store = await openStore(freshFile())
  const queue = createQueue({ store, config: { pollIntervalMs: 250 } })
  let started: (() => void) | undefined
  queue.define('ping', () => started?.())
  const worker = queue.createWorker({ concurrency: 4 })
  worker.start()
  const out: number[] = []
  for (let i = 0; i < samples; i++) {
    await new Promise((r) => setTimeout(r, 2)) // let the worker go idle
    const t0 = performance.now()
    const ran = new Promise<void>((resolve) => (started = resolve))
    await queue.enqueue('ping')
    await ran
    out.push(performance.now() - t0)
  }
  await worker.stop()
  store.close()
  return median(out)
}

/** Enqueue on one connection, work on another (no in-process wake-up): bounded by the poll interval. */
async function latencyAcross(samples: number, pollIntervalMs: number): Promise<number> {
  const file = freshFile()
  const producerStore = await openStore(file)
  const consumerStore = await openStore(file)
  const producer = createQueue({ store: producerStore })
  const consumer = createQueue({ store: consumerStore, config: { pollIntervalMs } })
  producer.define('ping', () => null)
  let started: (() => void) | undefined
  consumer.define('ping', () => started?.())
  const worker = consumer.createWorker({ concurrency: 4 })
  worker.start()
  const out: number[] = []
  for (let i = 0; i < samples; i++) {
    await new Promise((r) => setTimeout(r, 3 + ((i * 37) % pollIntervalMs))) // land anywhere in the poll cycle
    const t0 = performance.now()
    const ran = new Promise<void>((resolve) => (started = resolve))
    await producer.enqueue('ping')
    await ran
    out.push(performance.now() - t0)
  }
  await worker.stop()
  producerStore.close()
  consumerStore.close()
  return median(out)
}

async function memory(n: number): Promise<{ at: number; rssMB: number; heapMB: number; rows: number }[]> {
  const store = await openStore(freshFile())
  const queue = createQueue({ store, config: { resultTtlMs: 0 } })
  queue.define('t', () => null)
  const worker = queue.createWorker({ concurrency: 100, poll: false })
  const points: { at: number; rssMB: number; heapMB: number; rows: number }[] = []
  const chunk = 10_000
  const every = Math.max(chunk, Math.floor(n / 6 / chunk) * chunk)
  for (let done = 0; done < n; done += chunk) {
    for (let i = 0; i < chunk; i++) await queue.enqueue('t', { i })
    await worker.drain()
    if ((done + chunk) % every === 0 || done + chunk >= n) {
      global.gc?.()
      const m = process.memoryUsage()
      const rows = store.db.prepare('SELECT count(*) FROM queue_jobs').pluck().get() as number
      points.push({ at: done + chunk, rssMB: m.rss / 2 ** 20, heapMB: m.heapUsed / 2 ** 20, rows })
    }
  }
  await worker.stop()
  store.close()
  return points
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
console.log(`queue bench: ${JOBS} trivial jobs, enqueue then drain, one worker (concurrency 100), WAL\n`)
for (const sync of ['NORMAL', 'FULL'] as const) {
  // Three alternating rounds, medians (the machine is shared, so raw and timmy runs are
  // interleaved to see the same load). FULL fsyncs every commit: fewer jobs, more rounds.
  const n = sync === 'FULL' ? Math.min(JOBS, 400) : JOBS
  const rounds = sync === 'FULL' ? 5 : 3
  const raws: number[] = []
  const ours: number[] = []
  for (let r = 0; r < rounds; r++) {
    raws.push(rawFloor(sync, n))
    ours.push(await timmy(sync, n))
  }
  const raw = median(raws)
  const our = median(ours)
  console.log(
    `synchronous=${sync.padEnd(6)} (${n} jobs, median of ${rounds})  raw better-sqlite3 floor ${fmt(raw).padStart(7)} jobs/s   ` +
      `timmy ${fmt(our).padStart(7)} jobs/s   ratio ${(our / raw).toFixed(2)}`,
  )
}
const inProc = await latencyInProcess(300)
console.log(
  `\nenqueue → start, idle worker in the same process: median ${inProc.toFixed(2)} ms (woken, not polling)`,
)
for (const poll of [50, 250]) {
  const across = await latencyAcross(20, poll)
  console.log(
    `enqueue → start across connections, pollIntervalMs ${poll}: median ${across.toFixed(1)} ms (bound ${poll} ms; ratio ${(across / poll).toFixed(2)})`,
  )
}
const mem = await memory(MEMORY_JOBS)
console.log(`\nmemory across ${fmt(MEMORY_JOBS)} jobs processed (resultTtlMs 0: completed jobs pruned):`)
for (const p of mem)
  console.log(
    `  after ${fmt(p.at).padStart(9)} jobs: rss ${p.rssMB.toFixed(0)} MB, heap ${p.heapMB.toFixed(1)} MB, rows left ${p.rows}`,
  )
const first = mem[0]!
const last = mem[mem.length - 1]!
console.log(
  `  heap last/first ratio ${(last.heapMB / first.heapMB).toFixed(2)}, rss last/first ratio ${(last.rssMB / first.rssMB).toFixed(2)}`,
)
