import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

/** A drop-in in plain JavaScript: no import of timmy needed. Its serve tap adds a route and writes a file. */
const DROP_IN = `
export default {
  name: 'hello',
  version: '2.1.0',
  setup(host) {
    host.hooks.serve.tapPromise('hello', async ({ app }) => {
      app.get('/hello', async () => ({ hello: 'from a drop-in' }))
    })
    host.hooks.shutdown.tapPromise('hello', async () => {
      const { writeFileSync } = await import('node:fs')
      writeFileSync(process.env.TIMMY_HOME + '/hello-shutdown', 'bye')
    })
  },
}
`

test('a drop-in plugin folder is listed by timmy plugins and its hooks run during timmy serve', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'hello')
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  writeFileSync(join(folder, 'index.mjs'), DROP_IN)

  const listed = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(listed.code, 0, listed.stderr)
  const { plugins } = JSON.parse(listed.stdout) as {
    plugins: { name: string; version: string; origin: string; hooks: string[]; source: string }[]
  }
  const hello = plugins.find((p) => p.name === 'hello')
  assert.ok(hello, 'the drop-in is listed')
  assert.equal(hello.version, '2.1.0')
  assert.equal(hello.origin, 'drop-in')
  assert.deepEqual(hello.hooks, ['serve', 'shutdown'])
  assert.ok(
    plugins.some((p) => p.name === 'skin' && p.origin === 'builtin'),
    'built-ins are listed too',
  )

  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/[\d.:]+)/)
  const res = await fetch(`${url}/hello`)
  assert.deepEqual(await res.json(), { hello: 'from a drop-in' })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
  assert.equal(readFileSync(join(box.home, 'hello-shutdown'), 'utf8'), 'bye', 'the shutdown hook ran')
})

test('a TypeScript drop-in is loaded too', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'typed')
  mkdirSync(folder, { recursive: true })
  writeFileSync(
    join(folder, 'index.ts'),
    "const version: string = '0.0.1'\nexport default { name: 'typed', version, setup(): void {} }\n",
  )
  const listed = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(listed.code, 0, listed.stderr)
  assert.ok(
    (JSON.parse(listed.stdout) as { plugins: { name: string }[] }).plugins.some((p) => p.name === 'typed'),
  )
})

test('a config with an unknown key exits 2 with a coded error and no stack trace', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'servr:\n  port: 1\n')
  const res = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2)
  assert.match(res.stderr, /TIMMY_ERR_CONFIG_UNKNOWN_KEY/)
  assert.match(res.stderr, /timmy\.config\.yaml:1:1/)
  assert.match(res.stderr, /Did you mean "server"/)
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')
  const debug = await runCli(['plugins', '--debug'], { cwd: box.cwd, env: box.env })
  assert.match(debug.stderr, /\n\s+at /, '--debug shows the stack')
})

test('usage errors exit 2 with a coded error: unknown command, unknown flag, bad port', async (t) => {
  const box = sandbox(t)
  const unknown = await runCli(['plugnis'], { cwd: box.cwd, env: box.env })
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /TIMMY_ERR_CLI_UNKNOWN_COMMAND.*Did you mean "plugins"/)
  const flag = await runCli(['plugins', '--frobnicate'], { cwd: box.cwd, env: box.env })
  assert.equal(flag.code, 2)
  assert.match(flag.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
  const port = await runCli(['serve', '--port', 'abc'], { cwd: box.cwd, env: box.env })
  assert.equal(port.code, 2)
  assert.match(port.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
})

test('--version prints the package version and --help lists commands, including plugin commands', async (t) => {
  const box = sandbox(t)
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  const version = await runCli(['--version'], { cwd: box.cwd, env: box.env })
  assert.equal(version.stdout.trim(), pkg.version)
  const help = await runCli(['--help'], { cwd: box.cwd, env: box.env })
  assert.equal(help.code, 0)
  for (const name of ['serve', 'plugins', 'validate', 'doctor', 'skin'])
    assert.match(help.stdout, new RegExp(`\\n  ${name} `))
  const sub = await runCli(['serve', '--help'], { cwd: box.cwd, env: box.env })
  assert.match(sub.stdout, /--port/)
})

test('timmy doctor reports each check and passes on a fresh sandbox', async (t) => {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  const res = await runCli(['doctor', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 0, res.stdout + res.stderr)
  const report = JSON.parse(res.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] }
  assert.equal(report.ok, true)
  const names = report.checks.map((c) => c.name)
  for (const name of ['node', 'config', 'timmy home', 'hermes home', 'plugins', 'store'])
    assert.ok(names.includes(name), `${name} is checked`)
})
