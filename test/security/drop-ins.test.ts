// Issue 16, finding 8: unsafe drop-ins loaded and ran (also finding 12's broken drop-in part).
/**
 * Issue 16, finding 8 (drop-ins) and the drop-in part of finding 12: a drop-in that another user could
 * change, a symlinked one and a broken one are refused with a coded error and never run; the other
 * commands go on; `disabledPlugins` acts before anything of the folder is imported.
 */
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

interface PluginsJson {
  plugins: { name: string }[]
  refused: { source: string; code: string; message: string }[]
}

/** A drop-in whose import leaves a marker file: if the marker exists, its code ran. */
function writeDropIn(folder: string, name: string, extra = ''): string {
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  const marker = join(folder, '..', `${name}.ran`)
  writeFileSync(
    join(folder, 'index.mjs'),
    `import { writeFileSync } from 'node:fs'\n${extra}\nwriteFileSync(${JSON.stringify(marker)}, 'ran')\n` +
      `export default { name: ${JSON.stringify(name)}, version: '1.0.0', setup() {} }\n`,
  )
  return marker
}

async function plugins(box: Sandbox): Promise<PluginsJson> {
  const r = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, `timmy plugins still works: ${r.stderr}`)
  return JSON.parse(r.stdout) as PluginsJson
}

test('a group-writable drop-in folder is refused with a coded error and its code never runs', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'groupy')
  const marker = writeDropIn(folder, 'groupy')
  chmodSync(folder, 0o775)
  const out = await plugins(box)
  assert.ok(!out.plugins.some((p) => p.name === 'groupy'))
  assert.equal(out.refused[0]?.code, 'TIMMY_ERR_PLUGIN_UNSAFE_FOLDER')
  assert.match(out.refused[0]!.message, /writable by its group/)
  assert.equal(existsSync(marker), false)
})

test('a world-writable module imported by a safe index.mjs is refused before anything is imported', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'sneaky')
  const marker = writeDropIn(folder, 'sneaky', "import './lib/helper.mjs'")
  mkdirSync(join(folder, 'lib'), { mode: 0o755 })
  const helper = join(folder, 'lib', 'helper.mjs')
  writeFileSync(helper, 'export const x = 1\n')
  chmodSync(helper, 0o666)
  const out = await plugins(box)
  assert.equal(out.refused[0]?.code, 'TIMMY_ERR_PLUGIN_UNSAFE_FOLDER')
  assert.match(out.refused[0]!.message, /helper\.mjs.*writable by every user/)
  assert.equal(existsSync(marker), false)
})

test('a symlinked drop-in folder is a coded error, not a silent skip', async (t) => {
  const box = sandbox(t)
  const real = join(box.root, 'elsewhere', 'linked')
  const marker = writeDropIn(real, 'linked')
  mkdirSync(join(box.home, 'plugins'), { recursive: true })
  symlinkSync(real, join(box.home, 'plugins', 'linked'))
  const r = await runCli(['plugins', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0)
  const out = JSON.parse(r.stdout) as PluginsJson
  assert.equal(out.refused[0]?.code, 'TIMMY_ERR_PLUGIN_UNSAFE_FOLDER')
  assert.match(out.refused[0]!.message, /symbolic link/)
  assert.match(r.stderr, /TIMMY_ERR_PLUGIN_UNSAFE_FOLDER|symbolic link/, 'the refusal is logged')
  assert.equal(existsSync(marker), false)
})

test('a broken drop-in is reported and does not stop commands that do not need it', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'broken')
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  writeFileSync(join(folder, 'index.mjs'), 'export default {{ this is not javascript\n')
  const out = await plugins(box)
  assert.equal(out.refused[0]?.code, 'TIMMY_ERR_PLUGIN_LOAD_FAILED')
  assert.ok(
    out.plugins.some((p) => p.name === 'budget'),
    'the built-ins load',
  )
  const validate = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.notEqual(validate.code, 134)
  assert.doesNotMatch(validate.stderr, /^\s+at /m, 'no stack trace')
})

test('disabledPlugins skips a drop-in folder before it is imported', async (t) => {
  const box = sandbox(t)
  const marker = writeDropIn(join(box.home, 'plugins', 'noisy'), 'noisy')
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify({ disabledPlugins: ['noisy'] }))
  const out = await plugins(box)
  assert.ok(!out.plugins.some((p) => p.name === 'noisy'))
  assert.deepEqual(out.refused, [])
  assert.equal(existsSync(marker), false, 'its module was never imported')
})

test('a symlinked file inside a drop-in is refused: its target could sit in a folder another user writes', async (t) => {
  const box = sandbox(t)
  const outside = join(box.root, 'shared-tmp')
  mkdirSync(outside, { mode: 0o777 })
  chmodSync(outside, 0o777)
  const target = join(outside, 'real.mjs')
  writeFileSync(target, "export default { name: 'linkfile', version: '1.0.0', setup() {} }\n")
  const folder = join(box.home, 'plugins', 'linkfile')
  mkdirSync(folder, { recursive: true, mode: 0o755 })
  symlinkSync(target, join(folder, 'index.mjs'))
  const out = await plugins(box)
  assert.ok(!out.plugins.some((p) => p.name === 'linkfile'))
  assert.equal(out.refused[0]?.code, 'TIMMY_ERR_PLUGIN_UNSAFE_FOLDER')
  assert.match(out.refused[0]!.message, /symbolic link/)
})
