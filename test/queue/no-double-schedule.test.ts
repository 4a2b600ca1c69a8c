import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { openStore } from '../../core/store/store.js'
import { tempDir } from '../helpers/temp.js'
import { childScript, spawnChild } from './child-script.js'

function startChild(
  script: string[],
  file: string,
): Promise<{ child: ChildProcess; tick(now: number): Promise<number> }> {
  const child = spawnChild(script, [file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let seq = 0
  const waiting = new Map<number, (n: number) => void>()
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`scheduler child exited early (${code})`)))
    child.on('message', (m: { ready?: true; seq?: number; added?: number }) => {
      if (m.ready) {
        resolve({
          child,
          tick: (now) =>
            new Promise<number>((done) => {
              const s = ++seq
              waiting.set(s, done)
              child.send({ seq: s, now })
            }),
        })
      } else {
        waiting.get(m.seq!)?.(m.added!)
        waiting.delete(m.seq!)
      }
    })
  })
}

test('three scheduler processes on one database enqueue each instant exactly once, and catch-up policies do what they say', async (t) => {
  const file = join(tempDir(t, 'timmy-sched-'), 'timmy.db')
  ;(await openStore(file)).close() // create the file (WAL) before three processes race to it
  const script = await childScript(t, 'scheduler-child.ts')
  const children = await Promise.all([
    startChild(script, file),
    startChild(script, file),
    startChild(script, file),
  ])
  t.after(() => {
    for (const c of children) c.child.kill('SIGKILL')
  })
  const t0 = Date.UTC(2026, 0, 1, 0, 0, 10)
  // 30 simulated minutes, a tick every 15 s; each process ticks at a slightly different instant.
  for (let step = 0; step <= 120; step++) {
    await Promise.all(children.map((c, i) => c.tick(t0 + step * 15_000 + i * 700)))
  }
  const store = await openStore(file)
  t.after(() => store.close())
  const rows = (task: string) =>
    store.db
      .prepare(
        'SELECT scheduled_for AS at, count(*) AS n FROM queue_jobs WHERE task = ? GROUP BY scheduled_for ORDER BY at',
      )
      .all(task) as { at: number; n: number }[]
  const minutes = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => Date.UTC(2026, 0, 1, 0, from + i))
  for (const p of ['skip', 'latest', 'all']) {
    const r = rows(`every-minute-${p}`)
    assert.deepEqual(
      r.map((x) => x.at),
      minutes(1, 30),
      `${p}: one job per minute 00:01..00:30`,
    )
    assert.ok(
      r.every((x) => x.n === 1),
      `${p}: no instant enqueued twice`,
    )
  }

  // A 10-minute outage: nothing ticks from 00:30:20 until 00:40:55 (00:31..00:40 were missed).
  const back = Date.UTC(2026, 0, 1, 0, 40, 55)
  await Promise.all(children.map((c, i) => c.tick(back + i * 100)))
  assert.deepEqual(
    rows('every-minute-skip').map((x) => x.at),
    minutes(1, 30),
    'skip drops the missed instants',
  )
  assert.deepEqual(
    rows('every-minute-latest').map((x) => x.at),
    [...minutes(1, 30), Date.UTC(2026, 0, 1, 0, 40)],
    'latest runs the last one once',
  )
  assert.deepEqual(
    rows('every-minute-all').map((x) => x.at),
    minutes(1, 40),
    'all runs every missed instant',
  )
  // And then everything goes on as normal.
  await Promise.all(children.map((c, i) => c.tick(Date.UTC(2026, 0, 1, 0, 41, 5) + i * 100)))
  for (const p of ['skip', 'latest', 'all']) {
    const r = rows(`every-minute-${p}`)
    assert.equal(r.at(-1)!.at, Date.UTC(2026, 0, 1, 0, 41), `${p}: 00:41 is on time`)
    assert.ok(
      r.every((x) => x.n === 1),
      `${p}: still no duplicates`,
    )
  }
  for (const c of children) c.child.send('exit')
})
