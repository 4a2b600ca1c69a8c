import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { test } from 'node:test'
import Sqlite from 'better-sqlite3'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { createRegistry } from '../../training/consent.js'
import { ingest } from '../../training/ingest.js'
import { tempDir } from '../helpers/temp.js'
import { createStateDb, insertSession, sessionId, writeFixture } from './helpers/hermes-fixture.js'

/** The hermes plugin's state.db reader (what plugins/provenance passes to ingest). */
const stateDbReader = createHermesService().stateDb

const SQLITE = createRequire(import.meta.url).resolve('better-sqlite3')

/** A writer in another process: opens the db, takes a write lock, inserts a session, says "locked". */
function writer(dir: string, db: string, begin: string, releaseAfterMs?: number): ChildProcess {
  const script = join(dir, 'writer.cjs')
  writeFileSync(
    script,
    `const Sqlite = require(${JSON.stringify(SQLITE)})
const db = new Sqlite(${JSON.stringify(db)})
db.exec(${JSON.stringify(begin)})
db.prepare("INSERT INTO sessions (id, source, started_at) VALUES ('live_writer_session', 'cli', 1784384553)").run()
db.prepare("INSERT INTO messages (session_id, role, content, timestamp) VALUES ('live_writer_session', 'user', 'hi', 1784384553)").run()
process.stdout.write('locked\\n')
const release = () => { db.exec('COMMIT'); db.close(); process.exit(0) }
${releaseAfterMs === undefined ? "process.stdin.on('data', release)" : `setTimeout(release, ${releaseAfterMs})`}
`,
  )
  return spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] })
}

function waitFor(child: ChildProcess, word: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    child.stdout!.on('data', (d) => {
      seen += d
      if (seen.includes(word)) resolve()
    })
    child.on('exit', (code) => reject(new Error(`writer exited (${code}) before "${word}"`)))
  })
}

const schemaOf = (file: string) => {
  const db = new Sqlite(file, { readonly: true })
  const rows = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()
  db.close()
  return rows
}

test('ingest reads a WAL state.db while another process holds a write transaction, and sees only committed rows', async (t) => {
  const root = tempDir(t)
  const fx = writeFixture(root)
  const before = schemaOf(fx.stateDb)
  const child = writer(root, fx.stateDb, 'BEGIN IMMEDIATE')
  t.after(() => child.kill())
  await waitFor(child, 'locked')
  const stats = ingest({
    stateDb: fx.stateDb,
    stateDbReader,
    consent: createRegistry([]),
    out: join(root, 'raw.jsonl'),
  })
  assert.equal(stats.read['state.db'], 159)
  assert.ok(!readFileSync(join(root, 'raw.jsonl'), 'utf8').includes('live_writer_session'))
  const exited = new Promise((r) => child.on('exit', r))
  child.stdin!.write('commit\n')
  await exited
  const after = ingest({
    stateDb: fx.stateDb,
    stateDbReader,
    consent: createRegistry([]),
    out: join(root, 'raw2.jsonl'),
  })
  assert.equal(after.read['state.db'], 160)
  assert.deepEqual(schemaOf(fx.stateDb), before, 'the schema is untouched')
})

test('ingest retries through SQLITE_BUSY while a rollback-journal writer holds an exclusive lock, and writes nothing', async (t) => {
  const root = tempDir(t)
  const file = join(root, 'state.db')
  const db = createStateDb(file, { journal: 'delete', fts: false })
  for (let i = 0; i < 3; i++)
    insertSession(db, {
      id: sessionId(1000 + i),
      source: 'cli',
      user_id: 'alice',
      model: 'm',
      billing_provider: 'p',
      started_at: 1784384553 + i,
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'hi' },
      ],
    })
  db.close()
  const child = writer(root, file, 'BEGIN EXCLUSIVE', 700)
  t.after(() => child.kill())
  await waitFor(child, 'locked')
  const stats = ingest({
    stateDb: file,
    stateDbReader,
    consent: createRegistry([]),
    out: join(root, 'raw.jsonl'),
    busyTimeoutMs: 20,
  })
  assert.ok(stats.busyRetries >= 1, 'met SQLITE_BUSY and retried')
  assert.equal(stats.read['state.db'], 4, 'read everything once the writer committed')
  await new Promise((r) => (child.exitCode === null ? child.on('exit', r) : r(null)))
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex')
  ingest({ stateDb: file, stateDbReader, consent: createRegistry([]), out: join(root, 'raw2.jsonl') })
  assert.equal(
    createHash('sha256').update(readFileSync(file)).digest('hex'),
    hash,
    'ingest wrote nothing to state.db',
  )
})
