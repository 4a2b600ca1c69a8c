// Issue 16, finding 10: generations were not immutable; Hermes' edits went unnoticed.
/**
 * Finding 10: generations are immutable — own read-only copies, no hard links shared between them —
 * and every `doctor` and `deploy` checks the managed files' hashes: Hermes' edits are drift, named,
 * with `deploy --adopt` (keep them as a new generation) or `deploy --restore` (the overlay over them).
 */
import assert from 'node:assert/strict'
import {
  chmodSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { BASE_CONFIG, baseOverlay, writeOverlay } from '../deploy/_overlay.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const cli = (sb: Sandbox, ...args: string[]) => runCli(args, { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })

async function deployCheck(sb: Sandbox): Promise<{ ok: boolean; detail: string }> {
  const r = await cli(sb, 'doctor', '--json')
  const checks = JSON.parse(r.stdout).checks as { name: string; ok: boolean; detail: string }[]
  return checks.find((c) => c.name === 'deploy')!
}

test("Hermes' edits to managed files are drift: named by doctor and deploy, adopted or restored", async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const config = join(sb.hermes, 'config.yaml')
  assert.equal((await cli(sb, 'deploy')).code, 0)
  writeOverlay(sb.cwd, { 'config/SOUL.md': '# Soul v2\n' })
  assert.equal((await cli(sb, 'deploy')).code, 0)
  const original = readFileSync(config, 'utf8')

  // Every generation file is its own read-only copy.
  const g1 = join(sb.home, 'generations/1/config.yaml')
  const g2 = join(sb.home, 'generations/2/config.yaml')
  assert.equal(statSync(g2).mode & 0o222, 0, 'read-only')
  assert.notEqual(statSync(g1).ino, statSync(g2).ino, 'no hard link shared between generations')

  // Hermes' config writer keeps the symlink and rewrites the file it points to (root ignores 0400).
  const edited = `${original}agent:\n  max_turns: 99\n`
  const inGeneration = realpathSync(config)
  chmodSync(inGeneration, 0o600)
  writeFileSync(config, edited)
  assert.ok(lstatSync(config).isSymbolicLink(), 'the link is kept')
  assert.equal(readFileSync(g1, 'utf8'), original, 'the edit reached one generation only')

  const doctor = await cli(sb, 'doctor')
  assert.equal(doctor.code, 1, 'doctor fails on drift')
  assert.match(doctor.stdout, /FAIL\s+deploy\s+drift: config\.yaml was edited by Hermes/)
  const deploy = await cli(sb, 'deploy')
  assert.equal(deploy.code, 1, deploy.stdout)
  assert.match(deploy.stderr, /TIMMY_ERR_DEPLOY_DRIFT: drift: config\.yaml was edited by Hermes/)
  assert.doesNotMatch(deploy.stdout, /nothing changed/)
  assert.equal(readFileSync(config, 'utf8'), edited, 'deploy overwrote nothing')

  // Rollback restores generation 1's own copy.
  assert.equal((await cli(sb, 'rollback', '1')).code, 0)
  assert.equal(readFileSync(config, 'utf8'), original)
  assert.deepEqual((await deployCheck(sb)).ok, true)

  // Adopt: the edit becomes a new generation (a read-only copy again), links in place.
  chmodSync(realpathSync(config), 0o600)
  writeFileSync(config, edited)
  const adopt = await cli(sb, 'deploy', '--adopt')
  assert.equal(adopt.code, 0, adopt.stderr)
  assert.match(adopt.stdout, /adopted config\.yaml: generation 3 is live/)
  assert.equal(readFileSync(config, 'utf8'), edited)
  assert.equal(statSync(realpathSync(config)).mode & 0o222, 0)
  assert.deepEqual((await deployCheck(sb)).ok, true)

  // The atomic-replace case: the link becomes a regular file; --restore puts the overlay back.
  writeFileSync(join(sb.hermes, '.config.yaml.tmp'), `${BASE_CONFIG}agent:\n  max_turns: 7\n`)
  renameSync(join(sb.hermes, '.config.yaml.tmp'), config)
  const replaced = await deployCheck(sb)
  assert.equal(replaced.ok, false)
  assert.match(replaced.detail, /drift: config\.yaml was replaced by Hermes/)
  const restore = await cli(sb, 'deploy', '--restore')
  assert.equal(restore.code, 0, restore.stderr)
  assert.ok(lstatSync(config).isSymbolicLink())
  assert.equal(readFileSync(config, 'utf8'), original)
  assert.deepEqual((await deployCheck(sb)).ok, true)
})
