// Issue 16, finding 9: deploy shipped files Hermes cannot read and followed symlinks out.
/**
 * Finding 9: deploy checks each file as its reader will read it — PyYAML safe_load's tags, strict
 * JSON, skin names Hermes can use — and follows no symlink out of the overlay or `$HERMES_HOME`.
 */
import assert from 'node:assert/strict'
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { BASE_CONFIG, baseOverlay, writeOverlay } from '../deploy/_overlay.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const deploy = (sb: Sandbox, ...args: string[]) =>
  runCli(['deploy', ...args], { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })

async function refused(sb: Sandbox, pattern: RegExp) {
  const r = await deploy(sb, '--dry-run')
  assert.equal(r.code, 2, `exit 2 expected; stdout:\n${r.stdout}`)
  assert.match(r.stderr, pattern)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
}

test('an unknown YAML tag (PyYAML safe_load refuses it) is an error at file:line:col', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'config/config.yaml': `${BASE_CONFIG}agent:\n  max_turns: !custom 12\n` })
  await refused(sb, /config\/config\.yaml:8:14: TIMMY_ERR_YAML_UNKNOWN_TAG/)
  writeOverlay(sb.cwd, {
    'config/config.yaml': BASE_CONFIG,
    'skins/timmy.yaml': 'name: timmy\ndescription: !!python/object/apply:os.system ["id"]\n',
  })
  await refused(sb, /skins\/timmy\.yaml:2:14: TIMMY_ERR_YAML_UNKNOWN_TAG/)
})

test('a .json file is read as strict JSON: a trailing comma is an error at file:line:col', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'config/channel_aliases.json': '{"telegram": {"-100": "Team"},\n}\n' })
  await refused(sb, /config\/channel_aliases\.json:2:1: TIMMY_ERR_JSON_SYNTAX/)
})

test('skin names must be ^[a-z0-9][a-z0-9_-]*$, in the file name and in the file', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'skins/timmy.yaml': 'name: ../../etc/passwd\n' })
  await refused(sb, /skins\/timmy\.yaml:1:7: TIMMY_ERR_SKIN_INVALID/)
  writeOverlay(sb.cwd, { 'skins/timmy.yaml': 'name: timmy\n', 'skins/Night.Mode.yaml': 'name: night\n' })
  await refused(sb, /TIMMY_ERR_DEPLOY_BAD_FILE.*Night\.Mode\.yaml/)
})

test('symlinked overlay folders are refused, not followed', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const elsewhere = join(sb.root, 'elsewhere')
  mkdirSync(elsewhere)
  renameSync(join(sb.cwd, 'skins'), join(elsewhere, 'skins'))
  symlinkSync(join(elsewhere, 'skins'), join(sb.cwd, 'skins'))
  await refused(sb, /TIMMY_ERR_DEPLOY_BAD_FILE.*symlink/)
  rmSync(join(sb.cwd, 'skins'))
  renameSync(join(elsewhere, 'skins'), join(sb.cwd, 'skins'))
  renameSync(join(sb.cwd, 'config/memories'), join(elsewhere, 'memories'))
  symlinkSync(join(elsewhere, 'memories'), join(sb.cwd, 'config/memories'))
  await refused(sb, /TIMMY_ERR_DEPLOY_BAD_FILE.*symlink/)
})

test('deploy --diff never prints what a symlink in HERMES_HOME points to outside it', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const secret = join(sb.root, 'secret.txt')
  writeFileSync(secret, 'TOP-SECRET-TOKEN=abc123\n')
  mkdirSync(sb.hermes, { recursive: true })
  symlinkSync(secret, join(sb.hermes, 'SOUL.md'))
  const r = await deploy(sb, '--diff')
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /replace-file\s+SOUL\.md/)
  assert.doesNotMatch(r.stdout, /TOP-SECRET/)
  const json = await deploy(sb, '--diff', '--json')
  assert.doesNotMatch(json.stdout, /TOP-SECRET/)
})
