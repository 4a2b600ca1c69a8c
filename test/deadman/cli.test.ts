import assert from 'node:assert/strict'
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

function project(
  t: { after(fn: () => unknown): void },
  deadman: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const box = sandbox(t)
  const stamps = join(box.root, 'stamps')
  mkdirSync(stamps)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ ...extra, pluginOptions: { deadman: { stampDir: stamps, ...deadman } } }),
  )
  const run = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  return { box, stamps, run }
}

test('timmy deadman status|beat|pause|resume|reset work across processes with the right exit codes', async (t) => {
  const { stamps, run } = project(t, { wizards: { ezra: {}, lost: { stamp: '/nonexistent-dir/x.stamp' } } })
  let r = await run('deadman', 'status', '--json')
  assert.equal(r.code, 0, r.stderr)
  let body = JSON.parse(r.stdout)
  assert.equal(body.dryRun, true)
  assert.deepEqual(
    body.wizards.map((w: { wizard: string; state: string }) => [w.wizard, w.state]),
    [
      ['ezra', 'new'],
      ['lost', 'new'],
    ],
  )

  r = await run('deadman', 'beat', 'ezra')
  assert.equal(r.code, 0, r.stderr)
  assert.ok(statSync(join(stamps, 'agent-heartbeat-ezra.stamp')).isFile(), 'the stamp file was touched')
  r = await run('deadman', 'pause', 'ezra')
  assert.equal(r.code, 0, r.stderr)
  r = await run('deadman', 'status', '--json')
  body = JSON.parse(r.stdout)
  const ezra = body.wizards.find((w: { wizard: string }) => w.wizard === 'ezra')
  assert.equal(ezra.state, 'paused')
  assert.equal(ezra.lastBeatSource, 'cli')
  assert.equal(ezra.deadman_active, false)
  assert.equal(ezra.restartsInWindow, 0)
  assert.ok('nextRestartAt' in ezra)
  r = await run('deadman', 'resume', 'ezra', '--json')
  assert.equal(r.code, 0, r.stderr)
  assert.equal(JSON.parse(r.stdout).wizard.state, 'new', 'resumed: waiting for a beat within the start grace')
  r = await run('deadman', 'reset', 'ezra')
  assert.equal(r.code, 0, r.stderr)
  r = await run('deadman', 'status')
  assert.equal(r.code, 0)
  assert.match(r.stdout, /ezra\s+new/)

  r = await run('deadman', 'beat', 'ezar')
  assert.equal(r.code, 2)
  assert.match(r.stderr, /TIMMY_ERR_DEADMAN_UNKNOWN_WIZARD/)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
  r = await run('deadman', 'beat', 'lost')
  assert.equal(r.code, 1)
  assert.match(r.stderr, /TIMMY_ERR_DEADMAN_STAMP_DIR/)
  r = await run('deadman', 'pause')
  assert.equal(r.code, 2)
  assert.match(r.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
  r = await run('deadman', '--help')
  assert.equal(r.code, 0)
  assert.match(r.stdout, /timmy deadman status/)
})

test('timmy serve runs the deadman loop when no queue runs its tasks', async (t) => {
  const { box, stamps, run } = project(
    t,
    { tickSeconds: 0.2, wizards: { ezra: {} } },
    { disabledPlugins: ['queue'] },
  )
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  await waitForOutput(child, /listening on/)
  writeFileSync(join(stamps, 'agent-heartbeat-ezra.stamp'), '')
  let ezra: { state: string; lastBeatSource: string | null } | undefined
  for (let i = 0; i < 30; i++) {
    const r = await run('deadman', 'status', '--json')
    ezra = JSON.parse(r.stdout).wizards[0]
    if (ezra?.lastBeatSource === 'stamp') break
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  assert.equal(ezra?.lastBeatSource, 'stamp', 'the serve loop read the stamp')
  assert.equal(ezra?.state, 'up')
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
})
