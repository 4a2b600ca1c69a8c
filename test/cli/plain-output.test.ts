/** What a new user sees without --json: readable lines, a header row, help for the command asked, no escape codes in a pipe. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { baseOverlay } from '../deploy/_overlay.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('housekeeping history says no daily_reset has run yet, and prints a line a reset without --json', async (t) => {
  const box = sandbox(t)
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  const empty = await cli('housekeeping', 'history')
  assert.equal(empty.code, 0, empty.stderr)
  assert.equal(empty.stdout, 'no daily_reset has run yet\n')
  assert.deepEqual(JSON.parse((await cli('housekeeping', 'history', '--json')).stdout), [])
  const ran = await cli('housekeeping', 'run')
  assert.equal(ran.code, 0, ran.stderr)
  assert.match(ran.stdout, /^\S+ {2}day \d{4}-\d\d-\d\d: rotated \d+ files/)
  const history = await cli('housekeeping', 'history')
  assert.equal(history.stdout.trim().split('\n').length, 1)
  assert.doesNotMatch(history.stdout, /^[[{]/)
})

test('status --watch into a pipe prints a snapshot per interval, separated by a blank line, with no escape codes', async (t) => {
  const box = sandbox(t)
  const child = spawnCli(['status', '--watch', '--interval', '0.3', '--no-gitea'], {
    cwd: box.cwd,
    env: box.env,
  })
  t.after(() => child.kill('SIGKILL'))
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  await waitForOutput(child, /(^|\n)timmy [^\n]*\n[\s\S]*\n\ntimmy [^\n]*\n[\s\S]*housekeeping/)
  const closed = new Promise((resolve) => child.on('close', resolve))
  child.kill('SIGTERM')
  await closed
  assert.doesNotMatch(out, /\x1b/, 'no ANSI escape codes into a pipe')
  assert.ok(out.split(/\n\ntimmy /).length >= 2, 'two snapshots, a blank line between')
})

test('train eval --help shows the eval subcommand only, each option once', async () => {
  const res = await runCli(['train', 'eval', '--help'])
  assert.equal(res.code, 0, res.stderr)
  assert.match(res.stdout, /^Usage: timmy train eval/)
  assert.equal(res.stdout.match(/--max-tokens/g)?.length, 1)
  assert.doesNotMatch(res.stdout, /\bingest\b|\bcurate\b/, 'not the whole train --help')
})

test('generations prints a header row; rollback abc asks for a generation number', async (t) => {
  const box = sandbox(t)
  baseOverlay(box.cwd)
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env, timeoutMs: 90_000 })
  const done = await cli('deploy')
  assert.equal(done.code, 0, done.stderr)
  const gens = await cli('generations')
  assert.equal(gens.code, 0, gens.stderr)
  const [header, rule, row] = gens.stdout.split('\n')
  assert.match(header!, /^generation\s+created\s+files\s+commit\s+marks$/)
  assert.match(rule!, /^─+/)
  assert.match(row!, /^1\s+\S+\s+\d+\s+\S+\s+live good$/)

  const bad = await cli('rollback', 'abc')
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
  assert.match(bad.stderr, /a generation number, e\.g\. timmy rollback 3/)
})
