/**
 * `store: { url: 'postgres://…' }` moves the queue to PostgreSQL: two real hosts (each its own
 * TIMMY_HOME) share it — one enqueues, the other's worker (woken by NOTIFY) runs the job — and the
 * hosts' SQLite files hold no jobs. Skipped with the reason when no PostgreSQL is available.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { openStore } from '../../core/store/store.js'
import postgresPlugin from '../../plugins/postgres/index.js'
import queuePlugin from '../../plugins/queue/index.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

test('two hosts with store.url share one queue on PostgreSQL', {
  skip: 'skip' in server ? server.skip : false,
}, async (t) => {
  if ('skip' in server) return
  const ran: string[] = []
  const boot = async (name: string) => {
    const { host, box } = await testHost(t, {
      plugins: [postgresPlugin, queuePlugin],
      config: { store: { url: server.url } },
    })
    const queue = host.service('queue')!
    queue.define('hello', (a: { to: string }) => {
      ran.push(`${name}:${a.to}`)
      return `hi ${a.to}`
    })
    return { host, box, queue }
  }
  const a = await boot('a')
  const b = await boot('b')
  await b.queue.start({ scheduler: false, concurrency: 1 })
  const id = await a.queue.enqueue('hello', { to: 'fleet' })
  for (let i = 0; i < 500 && (await a.queue.result(id))?.state !== 'done'; i++)
    await new Promise((r) => setTimeout(r, 10))
  assert.deepEqual(await a.queue.result(id), { state: 'done', result: 'hi fleet' })
  assert.deepEqual(ran, ['b:fleet'], 'the other host ran it')
  const overview = await a.queue.overview({ now: Date.now(), since: 0 })
  assert.deepEqual(overview.counts, [{ task: 'hello', state: 'done', n: 1 }])
  await b.queue.stop()
  for (const { box } of [a, b]) {
    const file = join(box.home, 'timmy.db')
    if (!existsSync(file)) continue
    const store = await openStore(file)
    const has = store.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'queue_jobs'`).get()
    store.close()
    assert.equal(has, undefined, 'no queue table in the SQLite store')
  }
})

test('store.url without the postgres plugin is a coded error, not a silent SQLite queue', async (t) => {
  const { host } = await testHost(t, {
    plugins: [queuePlugin],
    config: { store: { url: 'postgres://timmy@127.0.0.1:1/fleet' } },
  })
  await assert.rejects(host.service('queue')!.enqueue('hello', {}), { code: 'TIMMY_ERR_SERVICE_MISSING' })
})
