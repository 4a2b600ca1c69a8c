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
