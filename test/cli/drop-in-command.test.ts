/**
 * A drop-in declares its command like a built-in (`commands` in its definition): `timmy --help`
 * lists it without setting any plugin up, and `timmy <name>` runs it with parsed arguments.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const DROP_IN = `const hello = {
  summary: 'Say hello from a drop-in',
  args: '[name]',
  options: { loud: { type: 'boolean', description: 'shout it' } },
  async run(ctx) {
    const text = 'hello ' + (ctx.positionals[0] ?? 'world')
    ctx.print(ctx.values.loud ? text.toUpperCase() : text)
    return 0
  },
}
export default {
  name: 'greeter',
  version: '1.0.0',
  commands: { hello: { summary: hello.summary, load: async () => ({ default: hello }) } },
  setup() {
    if (process.env.GREETER_SETUP_THROWS) throw new Error('setup ran')
  },
}
`

test('a drop-in command is listed by timmy --help (no setup runs) and runs with its flags', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'greeter')
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  writeFileSync(join(folder, 'index.mjs'), DROP_IN, { mode: 0o644 })
  const env = { ...box.env, GREETER_SETUP_THROWS: '1' }
  const help = await runCli(['--help'], { cwd: box.cwd, env })
  assert.equal(help.code, 0, help.stderr)
  assert.match(help.stdout, /\n {2}hello +Say hello from a drop-in \(plugin greeter\)/)
  const run = await runCli(['hello', 'ada', '--loud'], { cwd: box.cwd, env: box.env })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stdout.trim(), 'HELLO ADA')
  const typo = await runCli(['hello', '--lod'], { cwd: box.cwd, env: box.env })
  assert.equal(typo.code, 2)
  assert.match(typo.stderr, /--loud/)
})

test('a TypeScript drop-in whose command module is TypeScript importing timmy loads, lists and runs it', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'wave')
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  writeFileSync(
    join(folder, 'index.ts'),
    `import { definePlugin, Type } from 'timmy'
export default definePlugin({
  name: 'wave',
  version: '1.0.0',
  options: Type.Object({ greeting: Type.String({ default: 'hello' }) }),
  commands: { wave: { summary: 'Wave at someone', load: () => import('./wave-command.js') } },
  setup() {},
})
`,
    { mode: 0o644 },
  )
  writeFileSync(
    join(folder, 'wave-command.ts'),
    `import { defineCommand } from '@timmy-fleet/timmy'
const who: string = 'wave'
export default defineCommand({
  summary: 'Wave at someone',
  args: '[name]',
  async run(ctx) {
    ctx.print(who + ' ' + (ctx.positionals[0] ?? 'all'))
    return 0
  },
})
`,
    { mode: 0o644 },
  )
  const plugins = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(plugins.code, 0, plugins.stderr)
  const listed = JSON.parse(plugins.stdout) as { plugins: { name: string }[]; refused: unknown[] }
  assert.deepEqual(listed.refused, [])
  assert.ok(
    listed.plugins.some((p) => p.name === 'wave'),
    'the drop-in loaded',
  )
  const run = await runCli(['wave', 'bob'], { cwd: box.cwd, env: box.env })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stdout.trim(), 'wave bob')
})

test('a drop-in with a malformed command declaration or command module is a coded error, exit 2, no stack', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'broken')
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  const write = (commands: string) =>
    writeFileSync(
      join(folder, 'index.mjs'),
      `export default { name: 'broken', version: '1.0.0', setup() {}, commands: ${commands} }\n`,
      { mode: 0o644 },
    )
  write("{ oops: { summary: 42, load: 'nope' } }")
  const listed = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(listed.code, 0, listed.stderr)
  const refused = (JSON.parse(listed.stdout) as { refused: { code: string; message: string }[] }).refused
  assert.equal(refused[0]?.code, 'TIMMY_ERR_PLUGIN_INVALID')
  assert.match(refused[0]!.message, /command "oops" needs .* a string summary and a load function/)

  write("{ oops: { summary: 'Oops', load: async () => ({ default: { nothing: true } }) } }")
  const run = await runCli(['oops'], { cwd: box.cwd, env: box.env })
  assert.equal(run.code, 2, run.stderr)
  assert.match(run.stderr, /TIMMY_ERR_PLUGIN_INVALID: .*must default-export defineCommand/)
  assert.doesNotMatch(run.stderr, /\n\s+at /)
})
