/** `timmy deploy` installs and enables the Hermes bridge; `timmy doctor` then finds it. */
import assert from 'node:assert/strict'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { baseOverlay, writeOperatorConfig } from '../deploy/_overlay.js'
import { BIN, runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const SHIPPED = new URL('../../config/hermes-plugins/timmy-bridge/', import.meta.url)

test('after timmy deploy the bridge plugin is in HERMES_HOME, config.yaml enables it, and timmy doctor agrees', async (t) => {
  const box = sandbox(t)
  baseOverlay(box.cwd, {
    'config/config.yaml':
      '# the fleet config\nmodel:\n  default: "nousresearch/hermes-4-405b"  # keep this comment\n  provider: "openrouter"\n  base_url: "https://openrouter.ai/api/v1"\nplugins:\n  enabled: [other]\n',
  })
  const r = await runCli(['deploy', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)

  const folder = join(box.hermes, 'plugins', 'timmy-bridge')
  for (const name of ['plugin.yaml', '__init__.py'])
    assert.equal(
      readFileSync(join(folder, name), 'utf8'),
      readFileSync(new URL(name, SHIPPED), 'utf8'),
      `${name} is timmy's shipped file`,
    )
  assert.ok(statSync(join(folder, 'plugin.yaml')).isFile())
  assert.deepEqual(JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8')), { timmy_home: box.home })

  const text = readFileSync(join(box.hermes, 'config.yaml'), 'utf8')
  const config = parse(text)
  assert.deepEqual(
    config.plugins.enabled,
    ['other', 'timmy-bridge'],
    "the author's entries stay, timmy's is added",
  )
  // `timmy` is not this install on the tests' PATH: Hermes is told to run node with this entry script
  const { command, args, ...rest } = config.mcp_servers.timmy
  assert.equal(command, process.execPath)
  assert.ok(args.includes(BIN), `the entry script is named: ${args}`)
  assert.deepEqual(args.slice(-3), ['mcp', '--config', join(box.cwd, 'timmy.config.json')])
  assert.deepEqual(rest, { env: { TIMMY_HOME: box.home, HERMES_HOME: box.hermes }, enabled: true })
  assert.match(text, /# keep this comment/, 'comments survive')

  const doctor = await runCli(['doctor', '--json'], { cwd: box.cwd, env: box.env })
  const checks = (JSON.parse(doctor.stdout) as { checks: { name: string; ok: boolean; detail: string }[] })
    .checks
  for (const name of ['bridge manifest', 'bridge module', 'bridge enabled']) {
    const c = checks.find((x) => x.name === name)
    assert.equal(c?.ok, true, `${name}: ${c?.detail}`)
  }

  // Deploying the same overlay again changes nothing (the bridge files are part of the generation).
  const again = await runCli(['deploy', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(again.code, 0, again.stderr)
  assert.equal(JSON.parse(again.stdout).outcome, 'unchanged')
})

test('deploy.bridge.install: false leaves the bridge out; an author-written mcp_servers.timmy is kept', async (t) => {
  const off = sandbox(t)
  baseOverlay(off.cwd)
  writeOperatorConfig(off.cwd, { pluginOptions: { deploy: { bridge: { install: false } } } })
  const r = await runCli(['deploy'], { cwd: off.cwd, env: off.env })
  assert.equal(r.code, 0, r.stderr)
  assert.throws(() => statSync(join(off.hermes, 'plugins', 'timmy-bridge')), { code: 'ENOENT' })
  assert.equal(parse(readFileSync(join(off.hermes, 'config.yaml'), 'utf8')).plugins, undefined)

  const own = sandbox(t)
  baseOverlay(own.cwd, {
    'config/config.yaml':
      'model:\n  default: m\nmcp_servers:\n  timmy:\n    command: /opt/timmy/bin/timmy\n    args: [mcp]\n',
  })
  const r2 = await runCli(['deploy'], { cwd: own.cwd, env: own.env })
  assert.equal(r2.code, 0, r2.stderr)
  const config = parse(readFileSync(join(own.hermes, 'config.yaml'), 'utf8'))
  assert.equal(config.mcp_servers.timmy.command, '/opt/timmy/bin/timmy')
  assert.deepEqual(config.plugins.enabled, ['timmy-bridge'])
})
