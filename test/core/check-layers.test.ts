/**
 * `scripts/check-layers.mjs` run as `npm run check:layers` runs it: a child process over a small project tree
 * (core/, training/, plugins/a, plugins/b, plugins/provenance). A clean tree exits 0; each planted breach of a
 * layering rule exits 1 with the file and line named; the per-line escape keeps an ordinary word.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { tempDir } from '../helpers/temp.js'

const script = fileURLToPath(new URL('../../scripts/check-layers.mjs', import.meta.url))

/** A layered tree that obeys every rule, including the allowed cases each rule must not flag. */
const clean: Record<string, string> = {
  'core/index.ts': "export { use } from './host.js'\nexport const version = '1'\n",
  // A comment may name plugin a; a string holding import code is not an import.
  'core/host.ts': [
    '// plugin a and plugin b register themselves; core never names them',
    'export function use(name: string): string {',
    '  return name',
    '}',
    'export const example = "import { a } from \'../plugins/a/index.js\'"',
    "export type Key = Pick<{ b: number; c: number }, 'b'>",
    '',
  ].join('\n'),
  'training/curate.ts':
    "import { version } from '../core/index.js'\nimport { hash } from './hash.js'\nexport const curate = () => hash(version)\n",
  'training/hash.ts': 'export const hash = (s: string) => s.length\n',
  'plugins/provenance/index.ts':
    "import { curate } from '../../training/curate.js'\nexport const train = curate\n",
  // Each plugin names the other's service interface: type-only imports are the design, not a cycle.
  'plugins/a/index.ts':
    "import { use } from '../../core/index.js'\nimport type { B } from '../b/types.js'\nexport const a: B = { b: use('x') }\n",
  'plugins/a/types.ts': 'export interface A {\n  a: string\n}\n',
  'plugins/b/index.ts': "import type { A } from '../a/types.js'\nexport const b: A = { a: 'b' }\n",
  'plugins/b/types.ts': 'export interface B {\n  b: string\n}\n',
}

function project(t: { after(fn: () => void): void }, extra: Record<string, string> = {}): string {
  const root = tempDir(t, 'timmy-layers-')
  for (const [file, text] of Object.entries({ ...clean, ...extra })) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  return root
}

function checkLayers(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

test('a tree that keeps its layers exits 0 with a one-line summary', (t) => {
  const r = checkLayers(project(t))
  assert.equal(r.stderr, '')
  assert.equal(r.code, 0)
  assert.match(r.stdout, /^check-layers: 9 files in core, training and 3 plugins: layers clean/)
  assert.equal(r.stdout.trim().split('\n').length, 1)
})

test('core importing a plugin, statically, dynamically or by URL, is named at each line (rule 1)', (t) => {
  const r = checkLayers(
    project(t, {
      'core/load.ts': [
        "import type { A } from '../plugins/a/types.js'",
        "export const load = () => import('../plugins/a/index.js')",
        "export const steps = new URL('../plugins/b/index.js', import.meta.url)",
        "export const curate = () => import('../training/curate.js')",
        'export type { A }',
        '',
      ].join('\n'),
    }),
  )
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^core\/load\.ts:1: core must not import plugins\/a: .*type-only.*\[rule 1\]$/m)
  assert.match(r.stdout, /^core\/load\.ts:2: core must not import plugins\/a: .*import\(\).*\[rule 1\]$/m)
  assert.match(
    r.stdout,
    /^core\/load\.ts:3: core must not import plugins\/b: .*import\.meta\.url.*\[rule 1\]$/m,
  )
  assert.match(
    r.stdout,
    /^core\/load\.ts:4: core must not import training\/: .*plugins\/provenance.*\[rule 1\]$/m,
  )
  assert.match(r.stderr, /rule 1: 4,/)
})

test('core asking for a plugin by name is named at its line, and the escape does not excuse it (rule 2)', (t) => {
  const r = checkLayers(
    project(t, {
      'core/ask.ts': [
        "import { use } from './host.js'",
        "export const a = use('a') // layers: not a plugin name (it is)",
        "export const needs = ['b']",
        '',
      ].join('\n'),
    }),
  )
  assert.equal(r.code, 1)
  assert.match(r.stdout, /^core\/ask\.ts:2: core asks for the plugin "a" by name in use\('a'\).*\[rule 2\]$/m)
  assert.match(
    r.stdout,
    /^core\/ask\.ts:3: core asks for the plugin "b" by name in the service list "needs".*\[rule 2\]$/m,
  )
})

test('a plugin other than provenance importing training is named at its line (rule 3)', (t) => {
  const r = checkLayers(
    project(t, { 'plugins/b/train.ts': "export { curate } from '../../training/curate.js'\n" }),
  )
  assert.equal(r.code, 1)
  assert.match(
    r.stdout,
    /^plugins\/b\/train\.ts:1: only plugins\/provenance may import training\/.*\[rule 3\]$/m,
  )
})

test('training importing a plugin, or core beyond core/index.js, is named at its line (rule 3)', (t) => {
  const r = checkLayers(
    project(t, {
      'training/score.ts':
        "import { use } from '../core/host.js'\nimport type { A } from '../plugins/a/types.js'\nexport const score = (x: A) => use(x.a)\n",
    }),
  )
  assert.equal(r.code, 1)
  assert.match(
    r.stdout,
    /^training\/score\.ts:1: training may import from core only its public API: "\.\.\/core\/host\.js".*\[rule 3\]$/m,
  )
  assert.match(r.stdout, /^training\/score\.ts:2: training must not import plugins\/a: .*\[rule 3\]$/m)
})

test('plugins importing each other by value form a cycle reported with its path (rule 4)', (t) => {
  const r = checkLayers(
    project(t, {
      'plugins/a/use-b.ts': "import { b } from '../b/index.js'\nexport const viaB = b\n",
      'plugins/b/use-a.ts': "\nimport { a } from '../a/index.js'\nexport const viaA = a\n",
    }),
  )
  assert.equal(r.code, 1)
  assert.match(
    r.stdout,
    /^plugins\/a\/use-b\.ts:1: import cycle plugins\/a → plugins\/b → plugins\/a \(value imports at plugins\/a\/use-b\.ts:1, plugins\/b\/use-a\.ts:2\).*\[rule 4\]$/m,
  )
  assert.equal(r.stdout.trim().split('\n').length, 1, 'the same cycle is reported once')
})

test('another plugin importing a plugins/hermes module by value is named at its line; `import type` passes (rule 5)', (t) => {
  const r = checkLayers(
    project(t, {
      'plugins/hermes/index.ts': "export { paths } from './paths.js'\n",
      'plugins/hermes/paths.ts':
        "import type { HermesService } from './types.js'\nexport const paths: HermesService = { home: '' }\n",
      'plugins/hermes/types.ts': 'export interface HermesService {\n  home: string\n}\n',
      'plugins/a/deploy.ts':
        "import type { HermesService } from '../hermes/types.js'\nimport { paths } from '../hermes/paths.js'\nexport const h: HermesService = paths\n",
    }),
  )
  assert.equal(r.code, 1)
  assert.match(
    r.stdout,
    /^plugins\/a\/deploy\.ts:2: plugins\/hermes is reached through its service.*\[rule 5\]$/m,
  )
  assert.doesNotMatch(r.stdout, /deploy\.ts:1:/, 'a type-only import of its types is allowed')
  assert.doesNotMatch(r.stdout, /^plugins\/hermes\//m, 'hermes importing its own modules is allowed')
  assert.match(r.stderr, /rule 5: 1\)/)
})

test('a plugin name used as an ordinary word passes with the escape comment and its reason, not without', (t) => {
  const kept = checkLayers(
    project(t, {
      'core/label.ts': "export const grade = 'b' // layers: not a plugin name (a school grade)\n",
    }),
  )
  assert.equal(kept.code, 0, kept.stdout)

  const bare = checkLayers(project(t, { 'core/label.ts': "export const grade = 'b'\n" }))
  assert.equal(bare.code, 1)
  assert.match(
    bare.stdout,
    /^core\/label\.ts:1: core names the plugin "b" in a string literal: .*layers: not a plugin name.*\[rule 2\]$/m,
  )

  const noReason = checkLayers(
    project(t, { 'core/label.ts': "export const grade = 'b' // layers: not a plugin name ()\n" }),
  )
  assert.equal(noReason.code, 1, 'an escape without a reason does not count')
})

test('--json lists the violations as data', (t) => {
  const r = checkLayers(project(t, { 'core/ask.ts': "export const x = 'a'\n" }), '--json')
  assert.equal(r.code, 1)
  const list = JSON.parse(r.stdout) as Array<{ rule: number; file: string; line: number; message: string }>
  assert.deepEqual(
    list.map(({ rule, file, line }) => ({ rule, file, line })),
    [{ rule: 2, file: 'core/ask.ts', line: 1 }],
  )
})

test('an unknown option or a folder without core/ is a usage error (exit 2)', (t) => {
  assert.equal(checkLayers(project(t), '--fix').code, 2)
  const r = checkLayers(tempDir(t))
  assert.equal(r.code, 2)
  assert.match(r.stderr, /has no core\/ folder; pass the project root with --root <dir>/)
})
