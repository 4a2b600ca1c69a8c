// Trial findings: `timmy tasks enqueue` crashed on deeply nested --args and took --priority 1e308.
/**
 * `timmy tasks enqueue` input that the queue cannot hold is a coded input error (exit 2, no stack):
 * --args nested past the queue's depth bound (a 60000-deep array used to overflow the call stack
 * while the args were checked) and a --priority outside the integer column's range.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

/** A drop-in plugin (plain JS) with one task that echoes its args. */
function dropInEcho(box: Sandbox) {
  const dir = join(box.home, 'plugins', 'echo')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(
    join(dir, 'index.mjs'),
    `export default Object.freeze({
  name: 'echo',
  version: '1.0.0',
  setup() {},
  tasks: [{ name: 'echo.it', handler: (args) => ({ echoed: args }) }],
  [Symbol.for('timmy.plugin')]: true,
})\n`,
  )
}

test('tasks enqueue: too deep --args and an out-of-range --priority are coded input errors', async (t) => {
  const box = sandbox(t)
  dropInEcho(box)
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  const deep = `${'['.repeat(60_000)}${']'.repeat(60_000)}`
  const nested = await cli('tasks', 'enqueue', 'echo.it', '--args', deep)
  assert.equal(nested.code, 2, nested.stderr)
  assert.match(nested.stderr, /TIMMY_ERR_QUEUE_BAD_ARGS: .*deeper than \d+ levels/)
  assert.doesNotMatch(nested.stderr, /call stack|CLI_INTERNAL|\n\s+at /)

  for (const p of ['1e308', '2147483648', '-2147483649']) {
    const huge = await cli('tasks', 'enqueue', 'echo.it', '--priority', p)
    assert.equal(huge.code, 2, huge.stderr)
    assert.match(
      huge.stderr,
      /TIMMY_ERR_CLI_BAD_ARGS: .*--priority must be a whole number from -2147483648 to 2147483647/,
    )
  }
  const fine = await cli(
    'tasks',
    'enqueue',
    'echo.it',
    '--priority',
    '2147483647',
    '--args',
    '[[[1]]]',
    '--json',
  )
  assert.equal(fine.code, 0, fine.stderr)
})

test('tasks list and tasks show say attempts the same way: done/allowed', async (t) => {
  const box = sandbox(t)
  dropInEcho(box)
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  const enq = await cli('tasks', 'enqueue', 'echo.it', '--json')
  assert.equal(enq.code, 0, enq.stderr)
  const { id } = JSON.parse(enq.stdout) as { id: number }
  const list = await cli('tasks', 'list', '--wide')
  assert.match(list.stdout, /\battempts\b/)
  assert.match(list.stdout, /echo\.it\s+queued\s+0\/4\b/)
  const show = await cli('tasks', 'show', String(id))
  assert.equal(show.code, 0, show.stderr)
  assert.match(show.stdout, /^\s+attempts\s+0\/4$/m)
  assert.doesNotMatch(show.stdout, /maxRetries/)
})
