#!/usr/bin/env node
// Write schemas/<name>.schema.json from the TypeBox schemas (scripts/json-schemas.ts): timmy.config,
// playbook, lanes, expect, cron, policy. Committed and shipped; `npm run build` runs it too, and a
// test fails when the committed files differ from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { jsonSchemas } = await tsImport('./json-schemas.ts', import.meta.url)
const dir = join(root, 'schemas')
mkdirSync(dir, { recursive: true })
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(join(dir, `${name}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`)
}
