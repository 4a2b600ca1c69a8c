/**
 * The SQLite doorbell: a worker learns at once of a job another process enqueued (it does not wait
 * for its poll), falls back to polling when the doorbell cannot be watched, and closes its watcher
 * when it stops.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import type { Logger } from '../../core/log.js'
import { openStore } from '../../core/store/store.js'
import { createQueue } from '../../plugins/queue/queue.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { openQueue, until } from './helpers.js'

/** So long that a job done within the tests' waits was started by a wake, not by the poll. */
const LONG_POLL_MS = 120_000

/** A drop-in plugin with one task, and a config with the given queue options. */
function setUp(box: Sandbox, queueOptions: Record<string, number>) {
  const dir = join(box.home, 'plugins', 'echo')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(
    join(dir, 'index.mjs'),
    `export default Object.freeze({
  name: 'echo',
  version: '1.0.0',
  setup() {},
  tasks: [{ name: 'echo.say', handler: (args) => ({ said: args }) }],
  [Symbol.for('timmy.plugin')]: true,
})\n`,
  )
  const opts = Object.entries(queueOptions)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('')
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), `pluginOptions:\n  queue:\n${opts}`)
}

const stateOf = async (box: Sandbox, id: number) => {
  const store = await openStore(join(box.home, 'timmy.db'))
  try {
    return store.db.prepare('SELECT state FROM queue_jobs WHERE id = ?').pluck().get(id) as string | undefined
  } finally {
    store.close()
  }
}

/** Start `timmy worker`, enqueue from `timmy tasks enqueue`, wait for the job; returns the worker's output. */
async function enqueueToWorker(t: TestContext, box: Sandbox, waitMs: number): Promise<string> {
  const worker = spawnCli(['worker', '--concurrency', '1'], { cwd: box.cwd, env: box.env })
  t.after(() => worker.kill('SIGKILL'))
  let output = ''
  worker.stderr!.on('data', (d) => (output += d))
  await waitForOutput(worker, /timmy worker running/)
  const enq = await runCli(['tasks', 'enqueue', 'echo.say', '--args', '"hi"', '--json'], {
    cwd: box.cwd,
    env: box.env,
  })
  assert.equal(enq.code, 0, enq.stderr)
  const { id } = JSON.parse(enq.stdout) as { id: number }
  await until(async () => (await stateOf(box, id)) === 'done', 'the worker to run the job', waitMs)
  const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)))
  worker.kill('SIGTERM')
  assert.equal(await exited, 0)
  return output
}

test('a job enqueued by another process starts at once although the worker would not poll for 120 s', async (t) => {
  const box = sandbox(t)
  setUp(box, { pollIntervalMs: LONG_POLL_MS })
  await enqueueToWorker(t, box, 60_000)
  assert.equal(existsSync(join(box.home, 'timmy.db-queue-bell')), true)
})

test('a doorbell that cannot be watched is reported and the worker polls for jobs instead', async (t) => {
  const box = sandbox(t)
  setUp(box, { pollIntervalMs: 50 })
  // A directory where the bell file belongs: it cannot be opened as a file.
  mkdirSync(join(box.home, 'timmy.db-queue-bell'), { recursive: true })
  const output = await enqueueToWorker(t, box, 60_000)
  assert.match(output, /cannot watch the doorbell/)
})

/** A logger that keeps the warnings' messages. */
function warnings(): { log: Logger; seen: string[] } {
  const seen: string[] = []
  const none = () => {}
  const log: Logger = {
    trace: none,
    debug: none,
    info: none,
    warn: (a: string | object, msg?: string) => void seen.push(typeof a === 'string' ? a : (msg ?? '')),
    error: none,
    fatal: none,
    child: () => log,
    level: 'warn',
  }
  return { log, seen }
}

test('the backend says it cannot wake when the doorbell cannot be watched, and calls the listener once', async (t) => {
  const { file } = await openQueue(t)
  mkdirSync(`${file}-queue-bell`)
  const store = await openStore(file)
  t.after(() => store.close())
  const { log, seen } = warnings()
  const queue = createQueue({ store, config: {}, log })
  let calls = 0
  const off = queue.backend.onWork!(() => calls++)
  assert.equal(queue.backend.canWake!(), false)
  assert.equal(calls, 1)
  assert.match(seen.join('\n'), /cannot watch the doorbell/)
  off()
})

const watchers = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length

test('a worker watches the doorbell while it runs and closes the watcher when it stops', async (t) => {
  const { queue } = await openQueue(t)
  const before = watchers()
  const worker = queue.createWorker({ pollIntervalMs: LONG_POLL_MS })
  worker.start()
  assert.equal(watchers(), before + 1)
  assert.equal(queue.backend.canWake!(), true)
  await worker.stop()
  assert.equal(queue.backend.canWake!(), false)
  // A closed handle leaves the list when the event loop has run its close callback.
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(watchers(), before)
})

test('a deleted doorbell is made and watched again, so wakes still arrive', async (t) => {
  const { queue, file } = await openQueue(t)
  const bell = `${file}-queue-bell`
  const other = await openStore(file)
  t.after(() => other.close())
  const enqueuer = createQueue({ store: other, config: {} })
  enqueuer.define('say', (a: string) => a)
  queue.define('say', (a: string) => a)
  const worker = queue.createWorker({ pollIntervalMs: LONG_POLL_MS })
  worker.start()
  t.after(() => worker.stop(0))
  assert.equal(existsSync(bell), true)
  rmSync(bell)
  await until(() => existsSync(bell), 'the bell to be made again')
  const id = await enqueuer.enqueue('say', 'again')
  await until(
    async () => (await queue.result(id))?.state === 'done',
    'the woken worker to run the job',
    60_000,
  )
})
