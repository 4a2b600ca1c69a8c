import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { openStore } from '../../core/store/store.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { until } from './helpers.js'

/** A drop-in plugin (plain JS) with a task that runs every second and one that echoes its args. */
function dropInBeat(box: Sandbox, schedule = '* * * * * *') {
  const dir = join(box.home, 'plugins', 'beat')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(
    join(dir, 'index.mjs'),
    `export default Object.freeze({
  name: 'beat',
  version: '1.0.0',
  setup() {},
  tasks: [
    { name: 'beat.tick', schedule: ${JSON.stringify(schedule)}, catchUp: 'latest', handler: () => 'tick' },
    { name: 'beat.echo', handler: (args) => ({ echoed: args }) },
  ],
  [Symbol.for('timmy.plugin')]: true,
})\n`,
  )
}

const stateOf = async (box: Sandbox, task: string) => {
  const store = await openStore(join(box.home, 'timmy.db'))
  try {
    return store.db
      .prepare('SELECT state FROM queue_jobs WHERE task = ? ORDER BY id')
      .pluck()
      .all(task) as string[]
  } finally {
    store.close()
  }
}

test('timmy serve runs the scheduler and workers: a plugin task scheduled every second is enqueued and done', async (t) => {
  const box = sandbox(t)
  dropInBeat(box)
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  await waitForOutput(child, /listening on/)
  await until(
    async () => (await stateOf(box, 'beat.tick')).includes('done'),
    'a scheduled tick to run',
    30_000,
  )
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
})

test('timmy tasks and timmy worker: enqueue, pause, resume, show, list, and coded errors', async (t) => {
  const box = sandbox(t)
  dropInBeat(box, '0 0 1 1 *')
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  const enq = await cli('tasks', 'enqueue', 'beat.echo', '--args', '{"x":1}', '--json')
  assert.equal(enq.code, 0, enq.stderr)
  const { id } = JSON.parse(enq.stdout) as { id: number }
  assert.equal((await cli('tasks', 'pause', 'beat.echo')).code, 0)

  const worker = spawnCli(['worker', '--concurrency', '2'], { cwd: box.cwd, env: box.env })
  t.after(() => worker.kill('SIGKILL'))
  await waitForOutput(worker, /timmy worker running/)
  const stats = JSON.parse((await cli('tasks', 'stats', '--json')).stdout) as { paused: string[] }
  assert.deepEqual(stats.paused, ['beat.echo'])
  assert.deepEqual(await stateOf(box, 'beat.echo'), ['queued'])
  assert.equal((await cli('tasks', 'resume', 'beat.echo')).code, 0)
  await until(
    async () => (await stateOf(box, 'beat.echo'))[0] === 'done',
    'the worker to run the job',
    30_000,
  )
  const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)))
  worker.kill('SIGTERM')
  assert.equal(await exited, 0)

  const show = await cli('tasks', 'show', String(id), '--json')
  assert.equal(show.code, 0)
  const job = (JSON.parse(show.stdout) as { job: { state: string; result: unknown } }).job
  assert.equal(job.state, 'done')
  assert.deepEqual(job.result, { echoed: { x: 1 } })
  const list = JSON.parse((await cli('tasks', 'list', '--json', '--task', 'beat.echo')).stdout) as {
    jobs: unknown[]
  }
  assert.equal(list.jobs.length, 1)

  const retry = await cli('tasks', 'retry', String(id))
  assert.equal(retry.code, 2)
  assert.match(retry.stderr, /TIMMY_ERR_QUEUE_BAD_STATE/)
  const unknown = await cli('tasks', 'enqueue', 'beat.ecko')
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /TIMMY_ERR_QUEUE_UNKNOWN_TASK.*beat\.echo/)
  const usage = await cli('tasks', 'frobnicate')
  assert.equal(usage.code, 2)
  assert.match(usage.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
  const missing = await cli('tasks', 'show', '999')
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /TIMMY_ERR_QUEUE_JOB_NOT_FOUND/)
})

test('a corrupt store file is a clear coded error at start, not a crash later', async (t) => {
  const box = sandbox(t)
  mkdirSync(box.home, { recursive: true })
  writeFileSync(
    join(box.home, 'timmy.db'),
    'this is not a database, just text that fills the header '.repeat(100),
  )
  const r = await runCli(['worker'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2)
  assert.match(r.stderr, /TIMMY_ERR_STORE_CORRUPT/)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
})

test('a read-only store file is a clear coded error at start', {
  skip: process.getuid?.() === 0 ? 'root can write any file' : false,
}, async (t) => {
  const box = sandbox(t)
  mkdirSync(box.home, { recursive: true })
  const file = join(box.home, 'timmy.db')
  ;(await openStore(file)).close()
  chmodSync(file, 0o444)
  const r = await runCli(['tasks', 'list'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2)
  assert.match(r.stderr, /TIMMY_ERR_STORE_READ_ONLY/)
})

test('an invalid cron expression in the config or in a plugin task stops the start with a coded error', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.yaml'),
    'pluginOptions:\n  queue:\n    periodic:\n      - task: beat.echo\n        cron: "61 * * * *"\n',
  )
  const fromConfig = await runCli(['tasks', 'list'], { cwd: box.cwd, env: box.env })
  assert.equal(fromConfig.code, 2)
  assert.match(fromConfig.stderr, /TIMMY_ERR_QUEUE_BAD_CRON/)

  writeFileSync(
    join(box.cwd, 'timmy.config.yaml'),
    'pluginOptions:\n  queue:\n    periodic:\n      - task: beat.echo\n        cron: "every minute"\n',
  )
  const shape = await runCli(['tasks', 'list'], { cwd: box.cwd, env: box.env })
  assert.equal(shape.code, 2)
  assert.match(shape.stderr, /timmy\.config\.yaml:5:15: TIMMY_ERR_PLUGIN_INVALID_OPTIONS/)

  const other = sandbox(t)
  dropInBeat(other, 'every second')
  const fromPlugin = await runCli(['tasks', 'list'], { cwd: other.cwd, env: other.env })
  assert.equal(fromPlugin.code, 2)
  assert.match(fromPlugin.stderr, /TIMMY_ERR_QUEUE_BAD_CRON/)
})
