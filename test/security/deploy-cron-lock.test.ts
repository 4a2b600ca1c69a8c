// Issue 16, finding 11: jobs.json was written while Hermes held its cron lock (no flock(1)).
/**
 * Finding 11: Hermes' cron lock. A deploy takes `cron/.jobs.lock` (Python's fcntl.flock) before its
 * switch; a timeout, or no flock(1) on the PATH, is a coded error and changes nothing.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { listGenerationInfo } from '../../plugins/deploy/service.js'
import { BASE_CONFIG, BASE_CRON, baseOverlay, writeOperatorConfig } from '../deploy/_overlay.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const cli = (sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = sb.env) =>
  runCli(args, { cwd: sb.cwd, env, timeoutMs: 90_000 })

/** What Hermes sees: config.yaml through its link, and jobs.json. */
function hermesView(sb: Sandbox) {
  return {
    config: readFileSync(join(sb.hermes, 'config.yaml'), 'utf8'),
    jobs: readFileSync(join(sb.hermes, 'cron/jobs.json'), 'utf8'),
  }
}

async function deployedThenChanged(t: { after(fn: () => void): void }) {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  writeOperatorConfig(sb.cwd, { pluginOptions: { deploy: { lockTimeoutMs: 1000 } } })
  const first = await cli(sb, ['deploy'])
  assert.equal(first.code, 0, first.stderr)
  const before = hermesView(sb)
  // Generation 2 would change both config.yaml and a cron job.
  writeFileSync(join(sb.cwd, 'config/config.yaml'), `${BASE_CONFIG}agent:\n  max_turns: 12\n`)
  writeFileSync(join(sb.cwd, 'config/cron.yaml'), BASE_CRON.replace('0 9 * * *', '0 10 * * *'))
  return { sb, before }
}

function holdLockInPython(lockFile: string): Promise<ChildProcess> {
  const py = spawn(
    'python3',
    [
      '-c',
      'import fcntl, sys, time\nf = open(sys.argv[1], "a")\nfcntl.flock(f, fcntl.LOCK_EX)\nprint("held", flush=True)\ntime.sleep(120)',
      lockFile,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    py.on('error', reject)
    py.stdout!.once('data', () => resolve(py))
  })
}

test('Hermes holding cron/.jobs.lock (Python fcntl.flock): deploy fails with a coded error and changes nothing', async (t) => {
  const { sb, before } = await deployedThenChanged(t)
  mkdirSync(join(sb.hermes, 'cron'), { recursive: true })
  const py = await holdLockInPython(join(sb.hermes, 'cron/.jobs.lock'))
  t.after(() => py.kill('SIGKILL'))

  const blocked = await cli(sb, ['deploy'])
  assert.equal(blocked.code, 1, blocked.stdout)
  assert.match(blocked.stderr, /TIMMY_ERR_HERMES_LOCK_TIMEOUT/)
  assert.deepEqual(hermesView(sb), before, 'config.yaml and jobs.json both stay on generation 1')
  const doctor = await cli(sb, ['doctor', '--json'])
  assert.ok(doctor.stdout.includes('"deploy"'), doctor.stderr)
  assert.deepEqual(hermesView(sb), before, 'no journal was left for doctor to roll forward')
  assert.deepEqual(
    listGenerationInfo(sb.home).map((g) => [g.generation, g.live]),
    [[1, true]],
  )

  py.kill('SIGKILL')
  await new Promise((r) => py.once('close', r))
  const after = await cli(sb, ['deploy'])
  assert.equal(after.code, 0, after.stderr)
  const now = hermesView(sb)
  assert.match(now.config, /max_turns: 12/)
  assert.match(now.jobs, /0 10 \* \* \*/)
})

test('without flock(1) on the PATH, deploy fails closed with a coded error and changes nothing', async (t) => {
  const { sb, before } = await deployedThenChanged(t)
  const emptyBin = join(sb.root, 'empty-bin')
  mkdirSync(emptyBin)
  const res = await cli(sb, ['deploy'], { ...sb.env, PATH: emptyBin })
  assert.equal(res.code, 1, res.stdout)
  assert.match(res.stderr, /TIMMY_ERR_HERMES_LOCK_UNAVAILABLE/)
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')
  assert.deepEqual(hermesView(sb), before, 'config.yaml and jobs.json both stay on generation 1')
  assert.equal(listGenerationInfo(sb.home).length, 1)
})
