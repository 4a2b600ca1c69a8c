/**
 * A config (timmy.config.*, package.json#timmy, playbooks/lanes.yaml) that another user owns or may
 * write is refused before anything of it is read or run: TIMMY_ERR_CONFIG_UNSAFE, exit 2. A .mjs
 * config's `import … from '@timmy-fleet/timmy'` is this running copy, never a node_modules planted above.
 */
import assert from 'node:assert/strict'
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const root = process.getuid?.() === 0
const skip = root ? false : 'needs root to chown a file to nobody'
const NOBODY = 65534

/** A shared folder (like /tmp) above the project, and a subfolder without a config to run in. */
function shared(box: Sandbox): { dir: string; cwd: string; marker: string } {
  const dir = join(box.root, 'shared')
  const cwd = join(dir, 'sub')
  mkdirSync(cwd, { recursive: true })
  chmodSync(dir, 0o1777)
  return { dir, cwd, marker: join(box.root, 'ran') }
}

const planted = (marker: string) =>
  `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, 'x')\nexport default {}\n`

for (const [name, content] of [
  ['timmy.config.mjs', (m: string) => planted(m)],
  ['package.json', () => '{ "timmy": { "home": "/tmp/evil" } }\n'],
] as const) {
  test(`${name} owned by another user, found by the search, is refused unread`, { skip }, async (t) => {
    const box = sandbox(t)
    const { dir, cwd, marker } = shared(box)
    writeFileSync(join(dir, name), content(marker))
    chownSync(join(dir, name), NOBODY, NOBODY)
    const r = await runCli(['plugins'], { cwd, env: box.env })
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /TIMMY_ERR_CONFIG_UNSAFE/)
    assert.ok(r.stderr.includes(join(dir, name)), r.stderr)
    assert.equal(existsSync(marker), false, 'the planted config ran')
  })
}

test('a world-writable config given with --config is refused unread', async (t) => {
  const box = sandbox(t)
  const marker = join(box.root, 'ran')
  const file = join(box.cwd, 'timmy.config.mjs')
  writeFileSync(file, planted(marker))
  chmodSync(file, 0o666)
  const r = await runCli(['plugins', '--config', file], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_CONFIG_UNSAFE.*writable by every user/)
  assert.equal(existsSync(marker), false, 'the config ran')
})

test('playbooks/lanes.yaml of another user found above the project is refused', { skip }, async (t) => {
  const box = sandbox(t)
  const { dir, cwd } = shared(box)
  mkdirSync(join(dir, 'playbooks'))
  writeFileSync(join(dir, 'playbooks', 'lanes.yaml'), 'lanes: {}\n')
  chownSync(join(dir, 'playbooks', 'lanes.yaml'), NOBODY, NOBODY)
  const r = await runCli(['plugins'], { cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_CONFIG_UNSAFE/)
  assert.ok(r.stderr.includes(join(dir, 'playbooks', 'lanes.yaml')), r.stderr)
})

test('a .mjs config imports this copy of timmy, not a node_modules planted above it', { skip }, async (t) => {
  const box = sandbox(t)
  const { dir, cwd, marker } = shared(box)
  const pkg = join(dir, 'node_modules', '@timmy-fleet', 'timmy')
  mkdirSync(pkg, { recursive: true })
  writeFileSync(
    join(pkg, 'package.json'),
    '{ "name": "@timmy-fleet/timmy", "type": "module", "main": "index.js" }\n',
  )
  writeFileSync(
    join(pkg, 'index.js'),
    `${planted(marker).replace('export default {}', 'export const defineConfig = (c) => c')}`,
  )
  for (const f of ['package.json', 'index.js']) chownSync(join(pkg, f), NOBODY, NOBODY)
  writeFileSync(
    join(cwd, 'timmy.config.mjs'),
    "import { defineConfig } from '@timmy-fleet/timmy'\nexport default defineConfig({})\n",
  )
  const r = await runCli(['plugins'], { cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
  assert.equal(existsSync(marker), false, 'the planted module was loaded')
})
