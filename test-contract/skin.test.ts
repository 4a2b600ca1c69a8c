/**
 * The skin validator against Hermes' real skin data (../shared/reference/hermes, read in place):
 * every built-in skin and the user template must validate, and so must our skins/timmy.yaml.
 */

import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { loadYamlFile } from '../core/config/yaml-source.js'
import { createHermesService } from '../plugins/hermes/create-hermes-service.js'
import { validateSkin } from '../plugins/skin/validate-skin.js'

const { skinName } = createHermesService().paths

const REFERENCE = fileURLToPath(new URL('../../shared/reference/hermes/', import.meta.url))
const ROOT = fileURLToPath(new URL('../', import.meta.url))

test('the Hermes reference data is present', () => {
  assert.ok(existsSync(REFERENCE), `expected the reference data at ${REFERENCE}`)
})

const files = existsSync(REFERENCE) ? readdirSync(REFERENCE).filter((f) => /^skin\..*\.yaml$/.test(f)) : []

test('there are built-in skins and a user template to check', () => {
  assert.ok(files.some((f) => f.startsWith('skin.builtin.')))
  assert.ok(files.some((f) => f.startsWith('skin.user-template')))
})

for (const file of files) {
  test(`Hermes' ${file} validates with no unknown keys`, () => {
    const { skin, warnings } = validateSkin(loadYamlFile(join(REFERENCE, file)), skinName)
    assert.equal(typeof skin.name, 'string')
    assert.deepEqual(warnings, [])
  })
}

test('skins/timmy.yaml uses only keys that Hermes skins use', () => {
  const ours = validateSkin(loadYamlFile(join(ROOT, 'skins', 'timmy.yaml')), skinName)
  assert.deepEqual(ours.warnings, [])
  const known = new Set<string>()
  for (const file of files) {
    const ref = loadYamlFile(join(REFERENCE, file)).value as Record<string, Record<string, unknown>>
    for (const [k, v] of Object.entries(ref)) {
      known.add(k)
      if (v && typeof v === 'object' && !Array.isArray(v))
        for (const sub of Object.keys(v)) known.add(`${k}.${sub}`)
    }
  }
  const skin = ours.skin as Record<string, unknown>
  for (const [k, v] of Object.entries(skin)) {
    if (k === 'file') continue
    assert.ok(known.has(k), `top-level key ${k} appears in Hermes' skins`)
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'tool_emojis') {
      for (const sub of Object.keys(v))
        assert.ok(known.has(`${k}.${sub}`), `${k}.${sub} appears in Hermes' skins`)
    }
  }
})
