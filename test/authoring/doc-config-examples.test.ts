/**
 * Every timmy config example in README.md, ARCHITECTURE.md, docs/plugins.md and each plugin's
 * README.md boots: each fenced block that is a whole config (`defineConfig({…})` /
 * `export default {…}` in ts/js; a yaml/json block whose top-level keys are all config keys) is
 * written to a temp project and `timmy plugins` must exit 0.
 * Skipped as fragments: blocks that are only a part of a config (`pluginOptions: { … }` or
 * `deploy: { … }` without `export default`), plugin and step definitions, playbooks, fixtures and
 * files of other tools (Hermes, triage rules, consent).
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { ConfigSchema } from '../../core/config/schema.js'
import { ROOT, runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

interface Block {
  doc: string
  line: number
  lang: string
  text: string
}

function fencedBlocks(doc: string): Block[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n')
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^```(\w+)\s*$/)
    if (!open) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!)
    out.push({ doc, line: start + 1, lang: open[1]!, text: body.join('\n') })
  }
  return out
}

const CONFIG_KEYS = new Set(Object.keys(ConfigSchema.properties))

function isConfig(b: Block): boolean {
  if (b.lang === 'ts' || b.lang === 'js') {
    // a plain-object plugin (`export default { name, version, setup }`) is not a config
    return /export default (defineConfig\()?\{/.test(b.text) && !/\bsetup\(/.test(b.text)
  }
  if (b.lang === 'yaml' || b.lang === 'json') {
    const value: unknown = b.lang === 'json' ? JSON.parse(b.text) : parse(b.text)
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false
    const keys = Object.keys(value)
    return keys.length > 0 && keys.every((k) => CONFIG_KEYS.has(k))
  }
  return false
}

/** README's TypeScript drop-in example, which README's first config example loads from ./my-plugins/hello. */
function helloPlugin(): string {
  const b = fencedBlocks('README.md').find((x) => x.lang === 'ts' && x.text.includes("name: 'hello'"))
  assert.ok(b, 'README has the TypeScript hello plugin example')
  return b.text
}

const pluginReadmes = readdirSync(join(ROOT, 'plugins'))
  .map((name) => `plugins/${name}/README.md`)
  .filter((doc) => existsSync(join(ROOT, doc)))
const examples = ['README.md', 'ARCHITECTURE.md', 'docs/plugins.md', ...pluginReadmes]
  .flatMap(fencedBlocks)
  .filter(isConfig)

test('the docs have config examples to check', () => {
  assert.ok(examples.length >= 3, `found ${examples.length}`)
})

for (const b of examples) {
  test(`the config example at ${b.doc}:${b.line} boots (timmy plugins exits 0)`, async (t) => {
    const box = sandbox(t)
    let name = `timmy.config.${b.lang}`
    let text = b.text
    if (b.lang === 'ts' || b.lang === 'js') {
      name = 'timmy.config.ts'
      // a snippet that shows only the config may leave out the import
      if (text.includes('defineConfig(') && !/import .*defineConfig/.test(text)) {
        text = `import { defineConfig } from '@timmy-fleet/timmy'\n${text}`
      }
    }
    if (text.includes('./my-plugins/hello')) {
      mkdirSync(join(box.cwd, 'my-plugins', 'hello'), { recursive: true })
      writeFileSync(join(box.cwd, 'my-plugins', 'hello', 'index.ts'), helloPlugin())
    }
    writeFileSync(join(box.cwd, name), text)
    const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
    assert.equal(r.code, 0, `${b.doc}:${b.line}\n${r.stderr}${r.stdout}`)
  })
}
