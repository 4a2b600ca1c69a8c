/**
 * The training fixtures and readers against the Hermes reference notes (FORMATS.md §4): the state.db
 * column lists, the constructed export line and the constructed trajectory line.
 */
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Sqlite from 'better-sqlite3'
import { tempDir } from '../test/helpers/temp.js'
import { HERMES_SCHEMA_SQL } from '../test/train/helpers/hermes-schema.js'
import { readExportJsonl } from '../training/sources/export-jsonl.js'
import { isProblem } from '../training/sources/problem.js'
import { readTrajectories } from '../training/sources/trajectories.js'
import type { SessionRecord } from '../training/types.js'

const FORMATS = readFileSync(new URL('../../shared/reference/hermes/FORMATS.md', import.meta.url), 'utf8')
const section4 = FORMATS.slice(FORMATS.indexOf('## 4. Sessions'), FORMATS.indexOf('## 5. Cron'))

/** The column names listed in the code block after the line "`<table>`:". */
function listedColumns(table: string): string[] {
  const at = section4.indexOf(`\`${table}\`:`)
  assert.ok(at >= 0, `${table} in FORMATS.md`)
  const block = section4.slice(
    section4.indexOf('```', at) + 3,
    section4.indexOf('```', section4.indexOf('```', at) + 3),
  )
  return block
    .replace(/\([^)]*\)/g, '')
    .split(/,\s*/)
    .map((c) => c.trim().split(/\s+/)[0]!)
    .filter((c) => /^[a-z_]+$/.test(c))
}

test("the fixture's state.db has exactly the sessions and messages columns of Hermes' schema", () => {
  const db = new Sqlite(':memory:')
  db.exec(HERMES_SCHEMA_SQL)
  for (const table of ['sessions', 'messages']) {
    const have = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
    assert.deepEqual(have.sort(), listedColumns(table).sort(), table)
  }
})

test('the constructed session example reads as an export line, with its tool call and provider', (t) => {
  const at = section4.indexOf('### Constructed session example')
  const json = section4.slice(
    section4.indexOf('```json', at) + 7,
    section4.indexOf('```', section4.indexOf('```json', at) + 7),
  )
  const file = join(tempDir(t), 'export.jsonl')
  writeFileSync(file, `${JSON.stringify(JSON.parse(json))}\n`)
  const [rec] = [...readExportJsonl(file, 1 << 20)] as SessionRecord[]
  assert.ok(rec && !isProblem(rec))
  assert.equal(rec.session_id, '20260718_142233_a1b2c3')
  assert.equal(rec.provider, 'openrouter')
  assert.deepEqual(
    rec.messages.map((m) => m.role),
    ['user', 'assistant', 'tool', 'assistant'],
  )
  assert.equal(
    (rec.messages[1]!.tool_calls as { function: { name: string } }[])[0]!.function.name,
    'terminal',
  )
})

test('the constructed trajectory line maps back to chat messages', (t) => {
  const at = section4.indexOf('Constructed example line')
  const json = section4.slice(
    section4.indexOf('```json', at) + 7,
    section4.indexOf('```', section4.indexOf('```json', at) + 7),
  )
  const file = join(tempDir(t), 'trajectory_samples.jsonl')
  writeFileSync(file, `${JSON.stringify(JSON.parse(json))}\n`)
  const [rec] = [...readTrajectories(file, 1 << 20)] as SessionRecord[]
  assert.ok(rec && !isProblem(rec))
  assert.deepEqual(
    rec.messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'tool', 'assistant'],
  )
  assert.equal(rec.messages[4]!.content, 'There is one file: a.txt.')
  assert.equal(rec.model, 'anthropic/claude-sonnet-4.6')
})
