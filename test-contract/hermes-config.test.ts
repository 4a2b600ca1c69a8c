/**
 * The shipped overlay against Hermes' own example config (read in place from ../shared/reference):
 * every key config/config.yaml sets exists in the example with a compatible type, and the example
 * itself passes timmy's schema of Hermes' config.yaml.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Value } from '@sinclair/typebox/value'
import { parse } from 'yaml'
import { HermesConfigYamlSchema, KNOWN_ROOT_KEYS } from '../plugins/hermes/config-yaml-schema.js'

const example = parse(
  readFileSync(new URL('../../shared/reference/hermes/cli-config.yaml.example', import.meta.url), 'utf8'),
) as Record<string, unknown>
const shipped = parse(
  readFileSync(fileURLToPath(new URL('../config/config.yaml', import.meta.url)), 'utf8'),
) as Record<string, unknown>

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v)

function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
  return [[path, value]]
}

test("every key of the shipped config.yaml is in Hermes' example config, with a compatible type", () => {
  const problems: string[] = []
  for (const [path, value] of leaves(shipped)) {
    let node: unknown = example
    for (const seg of path)
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined
    const name = path.join('.')
    if (node === undefined) problems.push(`${name}: not in the example config`)
    else if (node !== null && kind(node) !== kind(value))
      problems.push(`${name}: ${kind(value)} here, ${kind(node)} in the example`)
  }
  assert.deepEqual(problems, [])
  assert.equal('_config_version' in shipped, false, 'Hermes manages _config_version')
})

test("Hermes' example config passes timmy's schema of config.yaml and uses only known root keys", () => {
  const { _config_version: _, ...rest } = example
  const errors = [...Value.Errors(HermesConfigYamlSchema, rest)].map((e) => `${e.path}: ${e.message}`)
  assert.deepEqual(errors, [])
  const unknown = Object.keys(example).filter((k) => !KNOWN_ROOT_KEYS.has(k))
  assert.deepEqual(unknown, [])
})
