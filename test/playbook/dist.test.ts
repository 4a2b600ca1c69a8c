/**
 * From the compiled `dist/` under plain Node (no tsx loader anywhere): built-in steps run as compiled
 * JavaScript in the workers, and a TypeScript drop-in plugin's steps load in the workers through tsx.
 * The build is `npm run build`'s (tsconfig.build.json) into a private folder, without the type check
 * (`npm run typecheck` does that), to keep the test quick.
 */
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { ROOT } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const OUT = join(ROOT, '.tmp', `dist-test-${process.pid}`)

test('run-playbook from the compiled dist/ runs compiled and TypeScript drop-in steps in workers', async (t) => {
  t.after(() => rmSync(OUT, { recursive: true, force: true }))
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      OUT,
      '--noCheck',
    ],
    {
      cwd: ROOT,
    },
  )
  const box = sandbox(t)
  const plugin = join(box.home, 'plugins', 'greeter')
  mkdirSync(plugin, { recursive: true })
  chmodSync(box.home, 0o700)
  chmodSync(join(box.home, 'plugins'), 0o700)
  writeFileSync(join(plugin, 'package.json'), '{"type":"module"}')
  writeFileSync(
    join(plugin, 'index.ts'),
    `const plugin: Record<string | symbol, unknown> = {
  name: 'greeter', version: '1.0.0', steps: new URL('./steps.ts', import.meta.url), setup() {},
  [Symbol.for('timmy.plugin')]: true,
}
export default plugin
`,
  )
  writeFileSync(
    join(plugin, 'steps.ts'),
    'export async function hello(input: { with: { who: string } }): Promise<{ output: string }> {\n  return { output: `hello ${input.with.who}` }\n}\n',
  )
  mkdirSync(join(box.cwd, 'playbooks'))
  writeFileSync(join(box.cwd, 'playbooks', 'lanes.yaml'), 'lanes:\n  coder: { wizard: coder }\n')
  writeFileSync(
    join(box.cwd, 'playbooks', 'hi.yaml'),
    'name: hi\nlane: coder\non: manual\nsteps:\n  - use: greeter/hello\n    with: { who: world }\n  - use: playbooks/fakeAgent\n    with: { prompt: "fix the crash" }\n',
  )
  const child = spawn(process.execPath, [join(OUT, 'core/cli/bin.js'), 'run-playbook', 'hi', '--json'], {
    cwd: box.cwd,
    env: { ...box.env, NODE_OPTIONS: '' },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise((resolve) => child.on('close', resolve))
  assert.equal(code, 0, stderr)
  const report = JSON.parse(stdout)
  assert.deepEqual(
    report.steps.map((s: { output: unknown }) => s.output),
    [
      'hello world',
      {
        text: '[fake coder] bug: fix the crash (0eaec4c49437)',
        kind: 'bug',
        labels: ['bug'],
        digest: '0eaec4c49437',
      },
    ],
  )
})
