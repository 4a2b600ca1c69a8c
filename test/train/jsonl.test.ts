import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { JsonlWriter, readLines } from '../../training/jsonl.js'
import { tempDir } from '../helpers/temp.js'

test('readLines yields numbered lines across chunk boundaries, strips CR, and reads a last line without newline', (t) => {
  const file = join(tempDir(t), 'x.jsonl')
  const long = 'é'.repeat(700_000)
  writeFileSync(file, `a\r\n${long}\n\nlast`)
  const got = [...readLines(file)]
  assert.deepEqual(
    got.map((l) => [l.line, l.text.length]),
    [
      [1, 1],
      [2, 700_000],
      [3, 0],
      [4, 4],
    ],
  )
  assert.equal(got[1]!.text, long)
})

test('readLines skips a line over the limit without holding it, and goes on', (t) => {
  const file = join(tempDir(t), 'x.jsonl')
  writeFileSync(file, `first\n${'x'.repeat(3_000_000)}\nthird\n`)
  const got = [...readLines(file, 1_000_000)]
  assert.deepEqual(
    got.map((l) => [l.line, l.text, l.tooLong !== undefined]),
    [
      [1, 'first', false],
      [2, '', true],
      [3, 'third', false],
    ],
  )
})

test('JsonlWriter publishes the file only on close, and abort leaves no file', (t) => {
  const dir = tempDir(t)
  const w = new JsonlWriter(join(dir, 'a.jsonl'))
  for (let i = 0; i < 50_000; i++) w.write({ i })
  assert.ok(!existsSync(join(dir, 'a.jsonl')))
  w.close()
  const lines = readFileSync(join(dir, 'a.jsonl'), 'utf8').split('\n')
  assert.equal(lines.length, 50_001)
  assert.deepEqual(JSON.parse(lines[49_999]!), { i: 49_999 })
  const b = new JsonlWriter(join(dir, 'b.jsonl'))
  b.write({})
  b.abort()
  assert.ok(!existsSync(join(dir, 'b.jsonl')))
})
