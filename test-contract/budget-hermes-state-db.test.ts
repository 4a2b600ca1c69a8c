/**
 * The state.db fixture the budget tests build must have Hermes' columns as FORMATS.md §4 lists them
 * (read in place from ../shared/reference; nothing is copied into the project).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createHermesStateDb } from '../test/budget/fixtures/hermes-state-db.js'
import { tempDir } from '../test/helpers/temp.js'

const FORMATS = fileURLToPath(new URL('../../shared/reference/hermes/FORMATS.md', import.meta.url))

/** The identifiers of the fenced block that follows "`<table>`:" in §4. */
function documentedColumns(text: string, table: string): string[] {
  const start = text.indexOf(`\`${table}\`:`)
  assert.ok(start >= 0, `FORMATS.md documents ${table}`)
  const block = text.slice(
    text.indexOf('```', start) + 3,
    text.indexOf('```', text.indexOf('```', start) + 3),
  )
  const names = new Set<string>()
  for (const key of /PK \(([^)]*)\)/.exec(block)?.[1]?.split(',') ?? []) names.add(key.trim())
  for (const raw of block.replace(/\([^)]*\)/g, '').split(/[,\n]/)) {
    const m = /^\s*(?:PK\s*|counters:\s*|other:\s*)?([a-z_]+)/.exec(raw)
    if (m && !['PK', 'TEXT', 'REAL', 'INTEGER', 'FK'].includes(m[1]!)) names.add(m[1]!)
  }
  return [...names]
}

test("the budget tests' state.db has every column FORMATS.md §4 lists for sessions and session_model_usage", (t) => {
  const text = readFileSync(FORMATS, 'utf8')
  const db = createHermesStateDb(join(tempDir(t), 'state.db'))
  t.after(() => db.close())
  for (const table of ['sessions', 'session_model_usage']) {
    const have = new Set(
      (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
    )
    const documented = documentedColumns(text, table)
    assert.ok(documented.length > 10, `parsed ${documented.length} columns of ${table}`)
    const missing = documented.filter((c) => !have.has(c))
    assert.deepEqual(missing, [], `${table} misses documented columns`)
  }
})
