/** Finding 4: a TypeScript drop-in imports 'timmy' with no node_modules of its own; `timmy plugins` lists its TypeScript steps. */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { ROOT } from '../helpers/cli.js'
import { project } from './helpers.js'

const INDEX = `import { definePlugin, Type } from 'timmy'

export default definePlugin({
  name: 'hello',
  version: '1.0.0',
  options: Type.Object({ greeting: Type.String({ default: 'hello' }) }),
  steps: new URL('./steps.ts', import.meta.url),
  setup() {},
})
`
const STEPS = `import { defineStep, Type } from 'timmy'

export const greet = defineStep({
  inputs: Type.Object({ name: Type.String() }, { additionalProperties: false }),
  outputs: Type.Object({ text: Type.String() }),
  async run(input) {
    const text: string = \`hello \${input.with.name}\`
    return { output: { text } }
  },
})
`

test("a TypeScript drop-in that imports 'timmy' loads, its TypeScript steps are listed and checked, and they run", async (t) => {
  const { box, cli } = project(t, {
    'playbooks/greet.yaml': `name: greet\nlane: coder\non: manual\nsteps:\n  - id: hi\n    use: hello/greet\n    with: { name: world }\n`,
    'playbooks/typo.yaml': `name: typo\nlane: coder\non: manual\nsteps:\n  - use: hello/greet\n    with: { nam: world }\n`,
  })
  const dir = join(box.home, 'plugins', 'hello')
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  writeFileSync(join(dir, 'index.ts'), INDEX)
  writeFileSync(join(dir, 'steps.ts'), STEPS)
  assert.equal(existsSync(join(dir, 'node_modules')), false)

  const plugins = await cli(['plugins', '--json'])
  assert.equal(plugins.code, 0, plugins.stderr)
  const report = JSON.parse(plugins.stdout) as {
    plugins: { name: string; origin: string; steps: string[] }[]
    refused: { source: string; message: string }[]
  }
  assert.deepEqual(report.refused, [])
  const hello = report.plugins.find((p) => p.name === 'hello')
  assert.ok(hello, 'the drop-in is loaded')
  assert.deepEqual(hello.steps, ['greet'])

  const typo = await cli(['validate', '--json', 'playbooks/typo.yaml'])
  assert.equal(typo.code, 2)
  assert.match(typo.stdout, /TIMMY_ERR_PLAYBOOK_UNKNOWN_INPUT[\s\S]*Did you mean \\"name\\"/)

  const run = await cli(['run-playbook', 'greet', '--json'])
  assert.equal(run.code, 0, run.stderr)
  const out = JSON.parse(run.stdout) as { steps: { stepId: string; output?: { text?: string } }[] }
  assert.equal(out.steps.find((s) => s.stepId === 'hi')?.output?.text, 'hello world')
})

test('docs/plugins.md documents every part of the plugin API', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8')
  for (const word of [
    'definePlugin',
    'steps:',
    'commands:',
    'hostCommand',
    'registerEffect',
    'registerValidator',
    'registerTask',
    'provide(',
    'needs',
    'provides',
    'effects',
    'disabledPlugins',
    'defineStep',
    "from 'timmy'",
  ])
    assert.ok(doc.includes(word), `docs/plugins.md mentions ${word}`)
})
