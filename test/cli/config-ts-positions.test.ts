/** A plugin option that is wrong in timmy.config.ts (the file `timmy init` writes) is reported at its file:line:col. */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

async function initProject(t: { after(fn: () => void): void }) {
  const box = sandbox(t)
  const init = await runCli(['init'], { cwd: box.cwd, env: box.env })
  assert.equal(init.code, 0, init.stderr)
  const file = join(box.cwd, 'timmy.config.ts')
  return { box, file, text: readFileSync(file, 'utf8') }
}

function positionOf(text: string, needle: string): { line: number; col: number } {
  const at = text.indexOf(needle)
  assert.ok(at >= 0, `${needle} is in the config`)
  const before = text.slice(0, at)
  return { line: before.split('\n').length, col: at - before.lastIndexOf('\n') }
}

test('a wrong value of a plugin option in timmy.config.ts (inside a list) exits 2 with TIMMY_ERR_PLUGIN_INVALID_OPTIONS at the value', async (t) => {
  const { box, file, text } = await initProject(t)
  const edited = text.replace(
    "playbooks: { dir: 'playbooks', builtin: false },",
    "playbooks: { dir: 'playbooks', builtin: false },\n    budget: {\n      budgets: [\n        { name: 'hourly', tokens: 100 },\n        { name: 'daily', tokens: 'lots' },\n      ],\n    },",
  )
  assert.notEqual(edited, text)
  writeFileSync(file, edited)
  const res = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  const { line, col } = positionOf(edited, "'lots'")
  assert.match(res.stderr, new RegExp(`timmy\\.config\\.ts:${line}:${col}: TIMMY_ERR_PLUGIN_INVALID_OPTIONS`))
  assert.match(res.stderr, /tokens: 'lots'/, 'the line is shown')
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')
})

test('an unknown option key in timmy.config.ts (a quoted key, after a comment naming it) is reported at the key', async (t) => {
  const { box, file, text } = await initProject(t)
  const edited = text.replace(
    "playbooks: { dir: 'playbooks', builtin: false },",
    '// playbooks: { buitlin: true } was the old way\n    playbooks: { dir: \'playbooks\', "buitlin": false },',
  )
  writeFileSync(file, edited)
  const res = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  const { line, col } = positionOf(edited, '"buitlin"')
  assert.match(res.stderr, new RegExp(`timmy\\.config\\.ts:${line}:${col}: TIMMY_ERR_PLUGIN_INVALID_OPTIONS`))
  assert.match(res.stderr, /did you mean "builtin"/)
})

test('an options key naming no plugin in timmy.config.ts is reported at that key', async (t) => {
  const { box, file, text } = await initProject(t)
  const edited = text.replace('pluginOptions: {', 'pluginOptions: {\n    budgte: { caps: {} },')
  writeFileSync(file, edited)
  const res = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  const { line, col } = positionOf(edited, 'budgte')
  assert.match(
    res.stderr,
    new RegExp(`timmy\\.config\\.ts:${line}:${col}: TIMMY_ERR_PLUGIN_UNKNOWN_OPTIONS_KEY`),
  )
})
