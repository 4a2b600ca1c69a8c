import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseYamlText } from '../../core/config/yaml-source.js'
import { definePlugin } from '../../core/plugin.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { validateSkin } from '../../plugins/skin/validate-skin.js'
import { ROOT, runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

/** The hermes plugin's skin-name rule (what the skin plugin passes in). */
const { skinName } = createHermesService().paths

const check = (text: string, file = 'skins/x.yaml') => validateSkin(parseYamlText(text, file), skinName)

test('the shipped skins/timmy.yaml is valid with no warnings', async (t) => {
  const { host } = await testHost(t, { builtins: true })
  const skins = host.service('skin')!
  const { skin, warnings } = await skins.check(join(ROOT, 'skins', 'timmy.yaml'))
  assert.equal(skin.name, 'timmy')
  assert.deepEqual(warnings, [])
})

test('unknown keys load (as in Hermes) but are warned with a did-you-mean', () => {
  const { warnings } = check('name: x\ncolours: {}\ncolors:\n  banner_bordr: "#000000"\n')
  assert.equal(warnings.length, 2)
  assert.match(warnings[0]!, /^2:1: unknown top-level key "colours" \(did you mean "colors"\?\)/)
  assert.match(warnings[1]!, /^4:3: unknown colors key "banner_bordr" \(did you mean "banner_border"\?\)/)
})

test('errors point at the offending value', () => {
  assert.throws(
    () => check('name: x\ncolors:\n  ui_ok: "#12345g"\n'),
    (err: Error & { code?: string; loc?: { line?: number; col?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_SKIN_INVALID')
      assert.equal(err.loc?.line, 3)
      assert.equal(err.loc?.col, 10)
      return true
    },
  )
})

test('the skin waterfall hook transforms a skin on its way out', async (t) => {
  const box = sandbox(t)
  mkdirSync(join(box.cwd, 'skins'))
  writeFileSync(join(box.cwd, 'skins', 'night.yaml'), 'name: night\nbranding:\n  agent_name: Night\n')
  const shout = definePlugin({
    name: 'shout',
    version: '1',
    setup(h) {
      h.hooks.skin.tap('shout', (skin) => ({
        ...skin,
        branding: { ...(skin.branding as object), agent_name: 'NIGHT' },
      }))
    },
  })
  const cwd = process.cwd()
  process.chdir(box.cwd)
  t.after(() => process.chdir(cwd))
  const { host } = await testHost(t, { box, builtins: true, plugins: [shout] })
  const skin = await host.service('skin')!.load('night')
  assert.deepEqual(skin.branding, { agent_name: 'NIGHT' })
  await assert.rejects(host.service('skin')!.load('nope'), { code: 'TIMMY_ERR_SKIN_NOT_FOUND' })
})

test('timmy skin list, validate and preview work from the CLI; preview honours NO_COLOR', async (t) => {
  const box = sandbox(t)
  const list = await runCli(['skin', 'list', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(list.code, 0, list.stderr)
  assert.ok((JSON.parse(list.stdout) as { skins: { name: string }[] }).skins.some((s) => s.name === 'timmy'))

  const valid = await runCli(['skin', 'validate', 'timmy'], { cwd: box.cwd, env: box.env })
  assert.equal(valid.code, 0, valid.stderr)

  const plain = await runCli(['skin', 'preview', 'timmy'], {
    cwd: box.cwd,
    env: { ...box.env, NO_COLOR: '1', FORCE_COLOR: '1' },
  })
  assert.equal(plain.code, 0, plain.stderr)
  assert.match(plain.stdout, /Timmy is on watch/)
  assert.doesNotMatch(plain.stdout, /\x1b\[/, 'no escape codes with NO_COLOR')

  const coloured = await runCli(['skin', 'preview', 'timmy'], {
    cwd: box.cwd,
    env: { ...box.env, NO_COLOR: '', FORCE_COLOR: '1' },
  })
  assert.match(coloured.stdout, /\x1b\[38;2;59;91;219m/, 'the banner border colour #3B5BDB in truecolor')

  mkdirSync(join(box.cwd, 'skins'))
  writeFileSync(join(box.cwd, 'skins', 'broken.yaml'), 'name: broken\ncolors:\n  ui_ok: green\n')
  const bad = await runCli(['skin', 'validate', 'broken'], { cwd: box.cwd, env: box.env })
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /broken\.yaml:3:10: TIMMY_ERR_SKIN_INVALID/)

  const usage = await runCli(['skin', 'previw'], { cwd: box.cwd, env: box.env })
  assert.equal(usage.code, 2)
  assert.match(usage.stderr, /did you mean "preview"/)
})
