import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { tempDir } from '../helpers/temp.js'
import { childScript, spawnChild } from './child-script.js'
import { openQueue, until } from './helpers.js'

const JOBS = 200
const KILLS = 20

interface Child {
  proc: ChildProcess
  started: number[]
  ended: number[]
  lost: number[]
  exited: Promise<void>
  /** Resolves at the next `start <id>` line. */
  nextStart(): Promise<number>
}

function spawnWorker(script: string[], file: string, all: Child[]): Child {
  const proc = spawnChild(script, [file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const waiters: ((id: number) => void)[] = []
  const child: Child = {
    proc,
    started: [],
    ended: [],
    lost: [],
    exited: new Promise((resolve) => proc.once('exit', () => resolve())),
    nextStart: () => new Promise((resolve) => waiters.push(resolve)),
  }
  let buf = ''
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString()
    let nl = buf.indexOf('\n')
    while (nl >= 0) {
      const [kind, id] = buf.slice(0, nl).split(' ')
      buf = buf.slice(nl + 1)
      nl = buf.indexOf('\n')
      if (kind === 'start') {
        child.started.push(Number(id))
        for (const w of waiters.splice(0)) w(Number(id))
      } else if (kind === 'end') child.ended.push(Number(id))
      else if (kind === 'lost') child.lost.push(Number(id))
    }
  })
  all.push(child)
  return child
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

test('workers killed with SIGKILL mid-task lose no job, and a worker that lost its lease completes none', async (t) => {
  const file = join(tempDir(t, 'timmy-crash-'), 'timmy.db')
  const script = await childScript(t, 'worker-child.ts')
  const { queue, store } = await openQueue(t, { file, config: { resultTtlMs: 3_600_000 } })
  queue.define('work', () => null)
  let supplied = 0
  const supply = async (n: number) => {
    for (let i = 0; i < n; i++, supplied++)
      await queue.enqueue('work', { n: supplied }, { retries: 100, retryDelay: 0 })
  }
  const children: Child[] = []
  t.after(() => {
    for (const c of children) c.proc.kill('SIGKILL')
  })

  // Three workers run at a time; 20 times, one that is in the middle of a task is killed with
  // SIGKILL and replaced, while the 200 jobs are enqueued ten at a time.
  const live = [
    spawnWorker(script, file, children),
    spawnWorker(script, file, children),
    spawnWorker(script, file, children),
  ]
  const midTask = (c: Child) => c.started.length > c.ended.length
  let kills = 0
  for (let k = 0; k < KILLS; k++) {
    await supply(JOBS / KILLS)
    let victim: Child | undefined
    while (!victim) {
      await until(() => live.some(midTask), 'a worker to be in the middle of a task', 30_000)
      await sleep(Math.floor(Math.random() * 30))
      victim = live.find(midTask)
    }
    victim.proc.kill('SIGKILL')
    await victim.exited
    kills++
    live.splice(live.indexOf(victim), 1, spawnWorker(script, file, children))
  }
  for (const c of live) c.proc.kill('SIGKILL')
  await Promise.all(live.map((c) => c.exited))

  // A worker frozen past its lease (SIGSTOP) wakes up after another took its job over: it must
  // not complete it. The other one then finishes the rest.
  const frozen = spawnWorker(script, file, children)
  const frozenJob = await frozen.nextStart()
  frozen.proc.kill('SIGSTOP')
  const taker = spawnWorker(script, file, children)
  await until(() => taker.started.includes(frozenJob), 'another worker to take the frozen job over', 30_000)
  frozen.proc.kill('SIGCONT')
  await until(() => frozen.lost.includes(frozenJob), 'the woken worker to find its lease lost', 30_000)
  frozen.proc.kill('SIGKILL')
  const done = () => store.db.prepare(`SELECT count(*) FROM queue_jobs WHERE state = 'done'`).pluck().get()
  await until(() => done() === JOBS, 'every job to complete', 45_000)
  taker.proc.kill('SIGTERM')
  await taker.exited

  const rows = store.db.prepare('SELECT id, state, result, lease_token, attempts FROM queue_jobs').all() as {
    id: number
    state: string
    result: string
    lease_token: string
    attempts: number
  }[]
  assert.equal(rows.length, JOBS, 'no job lost')
  const ns = new Set<number>()
  for (const r of rows) {
    assert.equal(r.state, 'done')
    const result = JSON.parse(r.result) as { n: number; token: string }
    ns.add(result.n)
    // The completing attempt still held the job's current lease when it completed.
    assert.equal(result.token, r.lease_token, `job ${r.id} was completed by the worker that owned it`)
  }
  assert.equal(ns.size, JOBS)
  const retried = rows.filter((r) => r.attempts > 1).length
  assert.ok(retried >= KILLS, `killed jobs were run again (${retried} jobs ran more than once)`)
  assert.equal(kills, KILLS)
})
