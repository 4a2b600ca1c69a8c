/** A config that still has a behaviour's old top-level section (`gitea:`, `playbook:`, …) names its new place. */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('an old top-level gitea: section exits 2 with TIMMY_ERR_CONFIG_KEY_MOVED at its line, naming pluginOptions.gitea', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.yaml'),
    'server:\n  port: 0\ngitea:\n  url: https://git.example.com\n',
  )
  const res = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  assert.match(res.stderr, /timmy\.config\.yaml:3:1: TIMMY_ERR_CONFIG_KEY_MOVED/)
  assert.match(res.stderr, /"pluginOptions\.gitea"/)
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')

  const moved = join(box.cwd, 'timmy.config.yaml')
  writeFileSync(moved, 'pluginOptions:\n  gitea:\n    url: https://git.example.com\n')
  const ok = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(ok.code, 0, ok.stderr)
})

test('timmy validate reports playbook: as moved to pluginOptions.playbooks (the main config and one named on the line)', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.json'), '{\n  "playbook": { "builtin": false }\n}\n')
  const res = await runCli(['validate', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  const out = JSON.parse(res.stdout) as {
    files: { kind?: string; errors: { code: string; line?: number; message: string }[] }[]
  }
  const config = out.files.find((f) => f.kind === 'config')!
  assert.equal(config.errors[0]?.code, 'TIMMY_ERR_CONFIG_KEY_MOVED')
  assert.equal(config.errors[0]?.line, 2)
  assert.match(config.errors[0]!.message, /"pluginOptions\.playbooks"/)

  const other = sandbox(t)
  mkdirSync(join(other.cwd, 'elsewhere'))
  writeFileSync(join(other.cwd, 'elsewhere', 'timmy.config.yaml'), 'deploy:\n  keep: 5\n')
  const named = await runCli(['validate', 'elsewhere/timmy.config.yaml'], { cwd: other.cwd, env: other.env })
  assert.equal(named.code, 2, named.stderr)
  assert.match(named.stderr, /timmy\.config\.yaml:1:1: TIMMY_ERR_CONFIG_KEY_MOVED: .*"pluginOptions\.deploy"/)
})

test('a top-level key no plugin moved stays an unknown key with a did-you-mean', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'wizards: {}\nstroe:\n  busyTimeoutMs: 10\n')
  const res = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  assert.match(res.stderr, /timmy\.config\.yaml:1:1: TIMMY_ERR_CONFIG_UNKNOWN_KEY/)
  assert.match(res.stderr, /unknown config key "wizards"/)
})

test("a plugin's options written at the top level (budget:, playbooks:) name pluginOptions.<plugin>, not 'Remove it'", async (t) => {
  const box = sandbox(t)
  for (const [key, plugin] of [
    ['budget', 'budget'],
    ['playbooks', 'playbooks'],
  ]) {
    writeFileSync(join(box.cwd, 'timmy.config.yaml'), `log:\n  level: warn\n${key}:\n  x: 1\n`)
    const res = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
    assert.equal(res.code, 2, res.stderr)
    assert.match(res.stderr, /timmy\.config\.yaml:3:1: TIMMY_ERR_CONFIG_KEY_MOVED/)
    assert.match(res.stderr, new RegExp(`"pluginOptions\\.${plugin}"`))
    assert.doesNotMatch(res.stderr, /Remove it/)
  }
})

test('timmy validate lists a timmy.config.ts whose plugin options fail once, as invalid, and says why playbooks went unchecked', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.ts'),
    "export default { pluginOptions: { budget: { budgets: [{ name: 'b', tokens: 1, sof: 0.8 }] } } }\n",
  )
  mkdirSync(join(box.cwd, 'playbooks'))
  writeFileSync(join(box.cwd, 'playbooks', 'lanes.yaml'), 'lanes: []\n')
  const res = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  assert.doesNotMatch(res.stdout, /^ok +timmy\.config\.ts/m, 'the config is not reported ok')
  assert.match(res.stderr, /timmy\.config\.ts.*TIMMY_ERR_PLUGIN_INVALID_OPTIONS.*did you mean "soft"/)
  assert.match(res.stdout, /skip +playbooks\/lanes\.yaml \(the config did not load/)
})
