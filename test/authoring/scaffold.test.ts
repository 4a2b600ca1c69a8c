/**
 * `timmy new plugin|playbook`: a plugin whose step declares its inputs and outputs (so a wrong `with:`
 * key fails validate) and whose options are closed; a playbook that is its own (not a copy of
 * welcome), only inside a project; every YAML file init/new writes carries a schema modeline.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { ROOT, runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

function cliIn(t: { after(fn: () => void): void }) {
  const box = sandbox(t)
  const cli = (...args: string[]) => runCli(args, { cwd: box.cwd, env: box.env, timeoutMs: 90_000 })
  return { box, cli }
}

test('a scaffolded plugin step declares its with: keys: a misspelt key fails validate with a did-you-mean', async (t) => {
  const { box, cli } = cliIn(t)
  assert.equal((await cli('init')).code, 0)
  assert.equal((await cli('new', 'plugin', 'hello')).code, 0)
  assert.match(readFileSync(join(box.cwd, 'plugins/hello/steps.ts'), 'utf8'), /defineStep\(\{/)
  const ok = await cli('validate')
  assert.equal(ok.code, 0, ok.stdout + ok.stderr)

  const file = join(box.cwd, 'playbooks/hello.yaml')
  writeFileSync(file, readFileSync(file, 'utf8').replace('with: { who:', 'with: { whoo:'))
  const bad = await cli('validate', '--json')
  assert.equal(bad.code, 2, bad.stdout + bad.stderr)
  const report = JSON.parse(bad.stdout) as {
    files: { file: string; errors: { code: string; message: string }[] }[]
  }
  const errors = report.files.find((f) => f.file.endsWith('hello.yaml'))!.errors
  assert.equal(errors[0]?.code, 'TIMMY_ERR_PLAYBOOK_UNKNOWN_INPUT')
  assert.match(errors[0]!.message, /Did you mean "who"\?/)
})

test('a scaffolded plugin’s options are closed: a misspelt option key exits 2', async (t) => {
  const { box, cli } = cliIn(t)
  assert.equal((await cli('init')).code, 0)
  assert.equal((await cli('new', 'plugin', 'hello')).code, 0)
  const config = join(box.cwd, 'timmy.config.ts')
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(
      'plugins: [',
      'pluginOptions: { hello: { verbos: true } },\n  plugins: [',
    ),
  )
  const r = await cli('plugins')
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_PLUGIN_INVALID_OPTIONS.*did you mean "verbose"/)
})

test('timmy new playbook writes a playbook of its own (labelled <name>) whose fixture passes', async (t) => {
  const { box, cli } = cliIn(t)
  assert.equal((await cli('init')).code, 0)
  assert.equal((await cli('new', 'playbook', 'needs-info')).code, 0)
  const text = readFileSync(join(box.cwd, 'playbooks/needs-info.yaml'), 'utf8')
  assert.notEqual(
    text.replace(/needs-info/g, 'welcome'),
    readFileSync(join(box.cwd, 'playbooks/welcome.yaml'), 'utf8'),
  )
  assert.match(text, /labels: \[needs-info\]/)
  const run = await cli('test-playbooks', '--json')
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.match((await cli('test-playbooks')).stdout, /2 passed, 0 failed/)
  const plan = await cli(
    'run-playbook',
    'needs-info',
    '--event',
    'playbooks/fixtures/needs-info/labelled/event.json',
    '--json',
  )
  assert.equal(plan.code, 0, plan.stderr)
  assert.match(
    plan.stdout,
    /labelled this issue needs-info: the needs-info playbook/,
    'the planned comment names the playbook',
  )
})

test('timmy new playbook|plugin outside a project says to run timmy init first (exit 2)', async (t) => {
  const { cli } = cliIn(t)
  for (const kind of ['playbook', 'plugin']) {
    const r = await cli('new', kind, 'x')
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /TIMMY_ERR_CLI_SCAFFOLD_NO_PROJECT/)
    assert.match(r.stderr, /timmy init/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  }
})

test('every timmy YAML file init and new write starts with a schema modeline into the installed package', async (t) => {
  const { box, cli } = cliIn(t)
  const written: string[] = []
  for (const args of [['init'], ['new', 'plugin', 'hello'], ['new', 'playbook', 'other']]) {
    const r = await cli(...args, '--json')
    assert.equal(r.code, 0, r.stderr)
    written.push(...(JSON.parse(r.stdout) as { files: string[] }).files)
  }
  // config/ is the Hermes overlay (Hermes' own format; timmy ships no schema for it)
  const yamls = written.filter((f) => f.endsWith('.yaml') && !f.startsWith('config/'))
  assert.ok(yamls.length >= 7, yamls.join(', '))
  for (const rel of yamls) {
    const first = readFileSync(join(box.cwd, rel), 'utf8').split('\n')[0]!
    const m = first.match(/^# yaml-language-server: \$schema=(\S+)$/)
    assert.ok(m, `${rel} starts with a modeline: ${first}`)
    const target = resolve(dirname(join(box.cwd, rel)), m[1]!)
    const inPackage = join(box.cwd, 'node_modules/@timmy-fleet/timmy/schemas/')
    assert.ok(
      target.startsWith(inPackage),
      `${rel}: ${m[1]} points into node_modules/@timmy-fleet/timmy/schemas`,
    )
    assert.ok(
      existsSync(join(ROOT, 'schemas', target.slice(inPackage.length))),
      `${rel}: the package ships ${target}`,
    )
  }
})
