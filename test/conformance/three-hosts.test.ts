/**
 * Issue 19's acceptance, with real processes: three `timmy serve`, each with its own TIMMY_HOME and
 * HERMES_HOME, on one PostgreSQL (`store.url`). (1) A periodic task every 10 s runs each scheduled
 * instant exactly once fleet-wide over the soak (`TIMMY_TEST_SOAK_SECONDS`, default 180). (2) Hosts
 * killed with -9 mid task ten times lose no job, and no lease the dead process held completes one; a
 * host frozen (SIGSTOP) past its lease and thawed abandons the job another host finished, and one whose
 * event loop stalls past its lease and then completes at once is refused (the settle's compare-and-swap). The
 * handlers live in a drop-in plugin in each TIMMY_HOME and write to a table on the shared server.
 * Skipped with the reason without PostgreSQL.
 */
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import pg from 'pg'
import postgresPlugin from '../../plugins/postgres/index.js'
import queuePlugin from '../../plugins/queue/index.js'
import { spawnCli, waitForOutput } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const server = await startPostgres()
const skip = 'skip' in server ? server.skip : false
const soakMs = Number(process.env.TIMMY_TEST_SOAK_SECONDS ?? 180) * 1000
const TICK_MS = 10_000

// The kill test gets its own database on the same server (the two tests run side by side).
const killDb = 'url' in server ? `${new URL(server.url).pathname.slice(1)}_kill` : ''
const killUrl = (() => {
  if (!('url' in server)) return ''
  const u = new URL(server.url)
  u.pathname = `/${killDb}`
  return u.toString()
})()
if ('url' in server) await query(server.url, `CREATE DATABASE ${killDb}`)
after(async () => {
  if (!('stop' in server)) return
  await query(server.url, `DROP DATABASE IF EXISTS ${killDb} WITH (FORCE)`).catch(() => {})
  await server.stop()
})

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<R>(sql, params)).rows
  } finally {
    await c.end()
  }
}

/** The drop-in each host loads: its handlers write through the host's own `postgres` pool. */
const DROP_IN = `import { existsSync } from 'node:fs'
let postgres
const pool = () => postgres.pool()
export default Object.freeze({
  name: 'accept',
  version: '1.0.0',
  needs: ['postgres'],
  setup(host) { postgres = host.use('postgres') },
  tasks: [
    {
      name: 'accept.tick',
      async handler(args, ctx) {
        await (await pool()).query('INSERT INTO accept_ticks (scheduled_for, job_id, pid) VALUES ($1, $2, $3)',
          [ctx.job.scheduledFor ?? null, ctx.job.id, process.pid])
        return 'tick'
      },
    },
    {
      name: 'accept.slow',
      retries: 50,
      async handler(args, ctx) {
        const mark = async (phase) => (await pool()).query(
          'INSERT INTO accept_marks (job_id, token, attempt, pid, phase, at) VALUES ($1, $2, $3, $4, $5, $6)',
          [ctx.job.id, ctx.job.token, ctx.job.attempt, process.pid, phase, Date.now()])
        await mark('start')
        if (args.stallUntil && ctx.job.attempt === 1) {
          // Stall the whole event loop (no lease renewal) until the test says so, then return at once:
          // the settlement is sent before the worker's renewal can learn the lease was lost.
          const cell = new Int32Array(new SharedArrayBuffer(4))
          const give = Date.now() + 120000
          while (!existsSync(args.stallUntil) && Date.now() < give) Atomics.wait(cell, 0, 0, 100)
          return { token: ctx.job.token, pid: process.pid, stalled: true }
        }
        await new Promise((resolve) => setTimeout(resolve, args.ms))
        await mark('end')
        return { token: ctx.job.token, pid: process.pid }
      },
    },
  ],
  [Symbol.for('timmy.plugin')]: true,
})
`

interface Serve {
  id: string
  box: Sandbox
  child: ChildProcess
  log: () => string
}

function writeHost(t: { after(fn: () => unknown): void }, config: object): Sandbox {
  const box = sandbox(t)
  const dir = join(box.home, 'plugins', 'accept')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(join(dir, 'index.mjs'), DROP_IN)
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(config))
  return box
}

/** Start (or restart) `timmy serve` in the host's sandbox; resolves once it listens. */
async function serve(t: { after(fn: () => unknown): void }, id: string, box: Sandbox): Promise<Serve> {
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  t.after(() => stopChild(child, 'SIGKILL'))
  await waitForOutput(child, /listening on/, 60_000)
  return { id, box, child, log: () => log }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.once('close', () => {
      clearTimeout(hard)
      resolve()
    })
    child.kill(signal)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Poll `check` every 200 ms (each look is a query on a fresh connection) until it holds. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(200)
  }
}

describe('three timmy serve on one PostgreSQL', { concurrency: 2 }, () => {
  test('every scheduled instant runs once fleet-wide over the soak', {
    skip,
    timeout: soakMs + 180_000,
  }, async (t) => {
    if (!('url' in server)) return
    await query(
      server.url,
      'CREATE TABLE accept_ticks (scheduled_for TEXT, job_id BIGINT NOT NULL, pid INTEGER NOT NULL)',
    )
    const config = (id: string) => ({
      store: { url: server.url },
      pluginOptions: {
        hosts: { id },
        queue: {
          concurrency: 2,
          periodic: [{ task: 'accept.tick', cron: '*/10 * * * * *', catchUp: 'all' }],
        },
      },
    })
    const hosts: Serve[] = []
    for (const id of ['soak-a', 'soak-b', 'soak-c']) hosts.push(await serve(t, id, writeHost(t, config(id))))
    const ready = Date.now()
    await sleep(soakMs)
    const end = Date.now()
    const expected: string[] = []
    for (let i = Math.ceil(ready / TICK_MS) * TICK_MS; i <= end; i += TICK_MS)
      expected.push(new Date(i).toISOString())
    assert.ok(expected.length >= Math.floor(soakMs / TICK_MS) - 1, 'the soak spans its instants')
    const ran = async () =>
      (
        await query<{ scheduled_for: string | null }>(server.url, 'SELECT scheduled_for FROM accept_ticks')
      ).map((r) => r.scheduled_for)
    await waitFor(
      async () => {
        const seen = new Set(await ran())
        return expected.every((i) => seen.has(i))
      },
      'every instant of the soak to run',
      60_000,
    ).catch(() => {}) // the assertions below name what is missing
    await Promise.all(hosts.map((h) => stopChild(h.child)))

    const rows = await query<{ scheduled_for: string | null; pid: number }>(
      server.url,
      'SELECT scheduled_for, pid FROM accept_ticks ORDER BY scheduled_for',
    )
    const count = new Map<string, number>()
    for (const r of rows) {
      assert.ok(r.scheduled_for, 'a tick job carries its scheduled instant')
      count.set(r.scheduled_for, (count.get(r.scheduled_for) ?? 0) + 1)
    }
    const twice = [...count].filter(([, n]) => n > 1)
    assert.deepEqual(twice, [], 'no instant ran twice')
    const missing = expected.filter((i) => !count.has(i))
    assert.deepEqual(missing, [], 'no instant of the soak was skipped')
    // No gap anywhere either (instants before `ready`, scheduled while the fleet was starting, included;
    // one after `end` may have been enqueued and left queued by the shutdown).
    const all = [...count.keys()]
      .map((i) => Date.parse(i))
      .filter((i) => i <= end)
      .sort((a, b) => a - b)
    for (const i of all) assert.equal(i % TICK_MS, 0, `${new Date(i).toISOString()} is on the 10 s grid`)
    for (let k = 1; k < all.length; k++) assert.equal(all[k]! - all[k - 1]!, TICK_MS, 'consecutive instants')
    const jobs = await query<{ n: number; state: string }>(
      server.url,
      `SELECT count(*)::int AS n, min(state) AS state FROM queue_jobs
       WHERE task = 'accept.tick' AND scheduled_for <= $1 GROUP BY scheduled_for`,
      [end],
    )
    assert.ok(
      jobs.every((j) => j.n === 1 && j.state === 'done'),
      `one done job per instant: ${JSON.stringify(jobs)}`,
    )
    t.diagnostic(`${rows.length} instants, run by ${new Set(rows.map((r) => r.pid)).size} of 3 hosts`)
  })

  test('hosts killed with -9 mid task ten times lose no job; no stale lease completes one', {
    skip,
    timeout: 300_000,
  }, async (t) => {
    if (!('url' in server)) return
    await query(
      killUrl,
      `CREATE TABLE accept_marks (job_id BIGINT NOT NULL, token TEXT NOT NULL, attempt INTEGER NOT NULL,
         pid INTEGER NOT NULL, phase TEXT NOT NULL, at BIGINT NOT NULL)`,
    )
    const config = (id: string) => ({
      store: { url: killUrl },
      pluginOptions: { hosts: { id }, queue: { concurrency: 1, leaseMs: 2000, retries: 50 } },
    })
    const ids = ['kill-a', 'kill-b', 'kill-c']
    const boxes = ids.map((id) => writeHost(t, config(id)))
    const hosts: Serve[] = []
    for (let i = 0; i < 3; i++) hosts.push(await serve(t, ids[i]!, boxes[i]!))

    // The jobs are enqueued from a host in this process (it runs no worker: it only enqueues).
    const { host: enqueuer } = await testHost(t, {
      plugins: [postgresPlugin, queuePlugin],
      config: { store: { url: killUrl } },
    })
    const queue = enqueuer.service('queue')!
    queue.define('accept.slow', () => {
      throw new Error('the enqueuing host runs no worker')
    })
    const jobIds: number[] = []
    const enqueue = async (n: number) => {
      for (let i = 0; i < n; i++) jobIds.push(await queue.enqueue('accept.slow', { ms: 3000 }))
    }
    await enqueue(20)

    const leasesOf = (pid: number) =>
      query<{ id: number; lease_token: string }>(
        killUrl,
        `SELECT id::int AS id, lease_token FROM queue_jobs WHERE state = 'running' AND worker LIKE $1`,
        [`%:${pid}:%`],
      )
    /** A job the host is in the middle of: its handler started under a lease it still holds, ≥ 1 s of sleep left. */
    const midTask = async (pid: number) => {
      const held = await leasesOf(pid)
      const marks = await query<{ token: string }>(
        killUrl,
        `SELECT token FROM accept_marks WHERE pid = $1 AND phase = 'start' AND at > $2`,
        [pid, Date.now() - 2000],
      )
      return held.some((l) => marks.some((m) => m.token === l.lease_token))
    }

    const stale = new Set<string>()
    const staleJobs = new Set<number>()
    for (let round = 0; round < 10; round++) {
      const k = round % 3
      const victim = hosts[k]!
      const pid = victim.child.pid!
      const open = await query<{ n: number }>(
        killUrl,
        `SELECT count(*)::int AS n FROM queue_jobs WHERE task = 'accept.slow' AND state IN ('queued', 'running')`,
      )
      if (open[0]!.n < 6) await enqueue(6)
      await waitFor(() => midTask(pid), `${victim.id} to be mid task (round ${round + 1})`, 60_000)
      await stopChild(victim.child, 'SIGKILL')
      const orphaned = await leasesOf(pid)
      assert.ok(orphaned.length >= 1, `round ${round + 1}: the killed host held a lease`)
      for (const l of orphaned) {
        stale.add(l.lease_token)
        staleJobs.add(l.id)
      }
      hosts[k] = await serve(t, victim.id, boxes[k]!)
    }

    // A host frozen past its lease: another host re-runs and completes the job; thawed, the frozen
    // attempt finishes its handler, and the queue refuses its settlement (compare-and-swap on the token).
    await enqueue(6) // the kill rounds may have drained the queue
    const frozen = hosts[0]!
    const fpid = frozen.child.pid!
    await waitFor(() => midTask(fpid), 'the host to freeze to be mid task', 60_000)
    const [held] = await leasesOf(fpid)
    frozen.child.kill('SIGSTOP')
    const doneRow = async () =>
      (
        await query<{ state: string; lease_token: string; attempts: number; finished_at: number }>(
          killUrl,
          'SELECT state, lease_token, attempts, finished_at::float8 AS finished_at FROM queue_jobs WHERE id = $1',
          [held!.id],
        )
      )[0]!
    try {
      await waitFor(
        async () => (await doneRow()).state === 'done',
        'another host to finish the frozen job',
        60_000,
      )
    } finally {
      frozen.child.kill('SIGCONT')
    }
    const finished = await doneRow()
    assert.notEqual(finished.lease_token, held!.lease_token, 'completed under the new lease')
    await waitFor(
      async () =>
        (
          await query(killUrl, `SELECT 1 FROM accept_marks WHERE token = $1 AND phase = 'end'`, [
            held!.lease_token,
          ])
        ).length === 1,
      'the thawed attempt to finish its handler',
      30_000,
    )
    const lostLine = (line: string) =>
      line.includes('lease lost') && new RegExp(`\\b${held!.id}\\b`).test(line)
    await waitFor(
      () => frozen.log().split('\n').some(lostLine),
      'the thawed host to find its lease lost',
      30_000,
    )
    assert.deepEqual(await doneRow(), finished, 'the stale attempt changed nothing')
    stale.add(held!.lease_token)
    staleJobs.add(held!.id)

    // A host whose event loop stalls past its lease, then completes at once: another host re-ran and
    // finished the job meanwhile, and the stalled completion is refused (compare-and-swap on the token).
    const release = join(boxes[0]!.root, 'release-stall')
    const stalledId = await queue.enqueue('accept.slow', { ms: 3000, stallUntil: release }, { priority: 10 })
    jobIds.push(stalledId)
    const firstTry = async () =>
      (
        await query<{ token: string; pid: number }>(
          killUrl,
          `SELECT token, pid FROM accept_marks WHERE job_id = $1 AND attempt = 1 AND phase = 'start'`,
          [stalledId],
        )
      )[0]
    await waitFor(async () => (await firstTry()) !== undefined, 'a host to start the stalling job', 60_000)
    const stall = (await firstTry())!
    const stalledRow = async () =>
      (
        await query<{ state: string; lease_token: string; result: string }>(
          killUrl,
          'SELECT state, lease_token, result FROM queue_jobs WHERE id = $1',
          [stalledId],
        )
      )[0]!
    try {
      await waitFor(
        async () => (await stalledRow()).state === 'done',
        'another host to finish the stalled job',
        60_000,
      )
    } finally {
      writeFileSync(release, '')
    }
    const rerunDone = await stalledRow()
    assert.notEqual(rerunDone.lease_token, stall.token, 'completed under the new lease')
    const stalledHost = hosts.find((h) => h.child.pid === stall.pid)!
    const discarded = (line: string) =>
      line.includes('result discarded') && new RegExp(`\\b${stalledId}\\b`).test(line)
    await waitFor(
      () => stalledHost.log().split('\n').some(discarded),
      'the stalled host to send its completion and have it refused',
      30_000,
    )
    assert.deepEqual(await stalledRow(), rerunDone, 'the stale completion changed nothing')
    assert.equal((JSON.parse(rerunDone.result) as { stalled?: boolean }).stalled, undefined)
    stale.add(stall.token)
    staleJobs.add(stalledId)

    // Every job reaches done; each completed under its latest lease, by an attempt that ran to the end.
    await waitFor(
      async () =>
        (
          await query<{ n: number }>(
            killUrl,
            `SELECT count(*)::int AS n FROM queue_jobs WHERE task = 'accept.slow' AND state <> 'done'`,
          )
        )[0]!.n === 0,
      'every job to be done',
      120_000,
    ).catch(() => {}) // the assertions below name the job
    await Promise.all(hosts.map((h) => stopChild(h.child)))
    const jobs = await query<{
      id: number
      state: string
      lease_token: string
      attempts: number
      result: string
    }>(
      killUrl,
      `SELECT id::int AS id, state, lease_token, attempts, result FROM queue_jobs WHERE task = 'accept.slow' ORDER BY id`,
    )
    assert.deepEqual(
      jobs.map((j) => j.id),
      jobIds,
      'no job lost',
    )
    const ends = await query<{ job_id: number; token: string; attempt: number }>(
      killUrl,
      `SELECT job_id::int AS job_id, token, attempt FROM accept_marks WHERE phase = 'end'`,
    )
    for (const j of jobs) {
      assert.equal(j.state, 'done', `job ${j.id} is done`)
      assert.ok(!stale.has(j.lease_token), `job ${j.id} was not completed by a dead or frozen host's lease`)
      assert.equal(
        (JSON.parse(j.result) as { token: string }).token,
        j.lease_token,
        `job ${j.id}'s result is its lease's`,
      )
      const end = ends.filter((e) => e.job_id === j.id && e.token === j.lease_token)
      assert.equal(end.length, 1, `job ${j.id}'s completing attempt ran its handler to the end once`)
      assert.equal(end[0]!.attempt, j.attempts, `job ${j.id} was completed by its latest attempt`)
    }
    assert.ok(stale.size >= 12, 'ten killed leases, a frozen one and a stalled one')
    for (const j of jobs.filter((j) => staleJobs.has(j.id)))
      assert.ok(j.attempts > 1, `job ${j.id}, interrupted, ran again`)
  })
})
