import assert from 'node:assert/strict'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { openStore } from '../../core/store/store.js'
import { tempDir } from '../helpers/temp.js'

test('the store opens in WAL mode and runs each migration once, in order', async (t) => {
  const dir = tempDir(t)
  const path = join(dir, 'timmy.db')
  const store = await openStore(path)
  store.migrate('demo', ['CREATE TABLE demo_a (x INTEGER)', (db) => db.exec('INSERT INTO demo_a VALUES (1)')])
  store.migrate('demo', ['CREATE TABLE demo_a (x INTEGER)', (db) => db.exec('INSERT INTO demo_a VALUES (1)')])
  assert.deepEqual(store.db.prepare('SELECT count(*) AS n FROM demo_a').get(), { n: 1 })
  assert.equal(store.health().journalMode, 'wal')
  store.close()
  const again = await openStore(path)
  again.migrate('demo', [
    'CREATE TABLE demo_a (x INTEGER)',
    (db) => db.exec('INSERT INTO demo_a VALUES (1)'),
    'ALTER TABLE demo_a ADD COLUMN y TEXT',
  ])
  assert.deepEqual(again.db.prepare('SELECT x, y FROM demo_a').get(), { x: 1, y: null })
  again.close()
})

test('a failing migration leaves the store at the previous version', async (t) => {
  const store = await openStore(join(tempDir(t), 'timmy.db'))
  t.after(() => store.close())
  assert.throws(() => store.migrate('m', ['CREATE TABLE m_a (x)', 'THIS IS NOT SQL']), {
    code: 'TIMMY_ERR_STORE_MIGRATION_FAILED',
  })
  assert.deepEqual(store.db.prepare("SELECT version FROM timmy_migrations WHERE module = 'm'").get(), {
    version: 1,
  })
})

test('a store newer than the code is refused', async (t) => {
  const store = await openStore(join(tempDir(t), 'timmy.db'))
  t.after(() => store.close())
  store.migrate('m', ['CREATE TABLE m_a (x)', 'CREATE TABLE m_b (x)'])
  assert.throws(() => store.migrate('m', ['CREATE TABLE m_a (x)']), { code: 'TIMMY_ERR_STORE_TOO_NEW' })
})

test('a corrupt database file gives a clear coded error at open, not a crash later', async (t) => {
  const path = join(tempDir(t), 'timmy.db')
  writeFileSync(path, Buffer.alloc(8192, 'garbage!'))
  await assert.rejects(openStore(path), { code: 'TIMMY_ERR_STORE_CORRUPT' })
})

test('a read-only database file gives a clear coded error at open', {
  skip: process.getuid?.() === 0 && 'root can write read-only files',
}, async (t) => {
  const path = join(tempDir(t), 'timmy.db')
  ;(await openStore(path)).close()
  chmodSync(path, 0o444)
  await assert.rejects(openStore(path), { code: 'TIMMY_ERR_STORE_READ_ONLY' })
})
