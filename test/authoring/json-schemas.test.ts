/** The JSON Schemas under schemas/ are current, shipped, named by every shipped YAML, and accept it under an independent validator (ajv). */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'
import { jsonSchemas } from '../../scripts/json-schemas.js'
import { ROOT } from '../helpers/cli.js'
import { project } from './helpers.js'

const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/

function shippedYaml(): string[] {
  const files = readdirSync(join(ROOT, 'playbooks'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'playbooks', f))
  const fixtures = join(ROOT, 'playbooks', 'fixtures')
  for (const pb of readdirSync(fixtures))
    for (const c of readdirSync(join(fixtures, pb))) files.push(join(fixtures, pb, c, 'expect.yaml'))
  files.push(join(ROOT, 'config', 'cron.yaml'), join(ROOT, 'config', 'policy.yaml'))
  return files
}

function ajv() {
  const a = new Ajv({ strict: false, allErrors: true })
  addFormats.default(a)
  return a
}

test('the committed schemas/ are what scripts/build-schemas.mjs writes, and the package ships them', () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    const file = join(ROOT, 'schemas', `${name}.schema.json`)
    assert.deepEqual(
      JSON.parse(readFileSync(file, 'utf8')),
      schema,
      `${file} is current (npm run build:schemas)`,
    )
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }
  assert.ok(pkg.files.includes('schemas'))
})

test('every shipped YAML names its schema on its first line and passes it under ajv', () => {
  const files = shippedYaml()
  assert.ok(files.length >= 20, `${files.length} files`)
  const check = ajv()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const m = MODELINE.exec(text)
    assert.ok(m, `${file} starts with a yaml-language-server modeline`)
    const schema = JSON.parse(readFileSync(resolve(dirname(file), m[1]!), 'utf8')) as object
    const validate = check.compile(schema)
    check.removeSchema(schema)
    assert.ok(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`)
  }
})

test('ajv refuses what timmy refuses (the schemas are not vacuous)', () => {
  const check = ajv()
  const schemas = jsonSchemas() as Record<string, object>
  const playbook = check.compile(schemas.playbook!)
  assert.equal(playbook({ name: 'x', lane: 'coder', on: 'manual', steps: [{ use: 'a/b', wiht: {} }] }), false)
  const lanes = check.compile(schemas.lanes!)
  assert.equal(lanes({ lanes: { coder: { wizard: 'c', maxConcurent: 2 } } }), false)
  assert.equal(lanes({ lanes: { coder: { wizard: 'c' } } }), true, 'defaulted keys are optional')
})

test('a config file may name its schema with $schema', async (t) => {
  const { cli } = project(
    t,
    {},
    {
      $schema: './node_modules/timmy/schemas/timmy.config.schema.json',
      pluginOptions: { playbooks: { builtin: false } },
    },
  )
  const res = await cli(['validate', '--json', 'timmy.config.json'])
  assert.equal(res.code, 0, res.stdout + res.stderr)
})
