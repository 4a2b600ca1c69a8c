import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { checkSchema } from '../../../core/config/check-schema.js'
import { loadYamlFile, type YamlSource } from '../../../core/config/yaml-source.js'
import { E } from '../errors.js'
import { type Expect, ExpectSchema } from './expect-schema.js'

/** A case's expect.yaml (or .yml), read and checked against its schema. */
export function loadExpect(caseDir: string): { expect: Expect; source: YamlSource } {
  const file = ['expect.yaml', 'expect.yml'].map((f) => join(caseDir, f)).find(existsSync)
  if (!file) throw E.PLAYBOOK_FIXTURE_INVALID({ reason: `${caseDir} has no expect.yaml` })
  const source = loadYamlFile(file)
  const expect = checkSchema(ExpectSchema, source.value, { locate: source.locate })
  return { expect, source }
}
