/**
 * A plugin's options schema is closed unless it says `additionalProperties: true`: a misspelt key in
 * `pluginOptions.<plugin>` is a coded error with file:line:col and a did-you-mean, as docs/plugins.md says.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

function dropIn(box: Sandbox, options: string) {
  const folder = join(box.home, 'plugins', 'hello')
  mkdirSync(folder, { recursive: true })
  writeFileSync(
    join(folder, 'index.ts'),
    `import { definePlugin, Type } from '@timmy-fleet/timmy'
export default definePlugin({
  name: 'hello',
  version: '1.0.0',
  options: ${options},
  setup() {},
})
`,
  )
}

test('an unknown key in the options of a plugin whose schema does not close it is an error with did-you-mean', async (t) => {
  const box = sandbox(t)
  dropIn(
    box,
    "Type.Object({ greeting: Type.String({ default: 'hi' }), nested: Type.Object({ loud: Type.Boolean() }, { default: { loud: false } }) })",
  )
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'pluginOptions:\n  hello:\n    greting: hey\n')
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_PLUGIN_INVALID_OPTIONS/)
  assert.match(r.stderr, /did you mean "greeting"/)
  assert.match(r.stderr, /timmy\.config\.yaml:3:5/)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')

  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'pluginOptions:\n  hello:\n    nested: { lod: true }\n')
  const nested = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(nested.code, 2, nested.stderr)
  assert.match(nested.stderr, /nested\.lod|did you mean "loud"/)

  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'pluginOptions:\n  hello:\n    greeting: hey\n')
  const ok = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(ok.code, 0, ok.stderr)
})

test('a plugin that sets additionalProperties: true accepts keys it does not name', async (t) => {
  const box = sandbox(t)
  dropIn(box, "Type.Object({ greeting: Type.String({ default: 'hi' }) }, { additionalProperties: true })")
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'pluginOptions:\n  hello:\n    extra: 1\n')
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
})
