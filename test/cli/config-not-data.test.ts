/**
 * A config that holds something other than data (a function put there by mistake) is a coded input
 * error naming the key, exit 2 — not TIMMY_ERR_CLI_INTERNAL.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('a function in timmy.config.ts is a coded error at its key, exit 2', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.ts'),
    "export default { pluginOptions: { skin: { dirs: ['skins'], hook: () => 1 } } }\n",
  )
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_CONFIG_INVALID: config value at "pluginOptions\.skin\.hook"/)
  assert.match(r.stderr, /found a function/)
  assert.doesNotMatch(r.stderr, /CLI_INTERNAL|^\s+at /m)
})

test('output piped into a reader that closes early ends quietly (no EPIPE crash)', async (t) => {
  const box = sandbox(t)
  const { spawn } = await import('node:child_process')
  const { BIN, TSX } = await import('../helpers/cli.js')
  const child = spawn(process.execPath, ['--import', TSX, BIN, '--help'], {
    cwd: box.cwd,
    env: box.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.destroy() // the reader went away, as `| head -1` does
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|^\s+at /m)
  assert.notEqual(code, null)
})
