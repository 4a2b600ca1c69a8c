/**
 * The `postgres` plugin: one pool per host on the server `store.url` names, migrations applied once
 * however many hosts start together, a coded error for a server that is not there, and a coded refusal
 * when no server is configured. Skipped with the reason when no PostgreSQL is available.
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import postgresPlugin from '../../plugins/postgres/index.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

test('three hosts migrating together apply each step once; the pool reads what another host wrote', {
  skip: 'skip' in server ? server.skip : false,
}, async (t) => {
  if ('skip' in server) return
  const hosts = await Promise.all(
    [1, 2, 3].map(
      async () =>
        (await testHost(t, { plugins: [postgresPlugin], config: { store: { url: server.url } } })).host,
    ),
  )
  const services = hosts.map((h) => h.service('postgres')!)
  const steps = ['CREATE TABLE probe (n INTEGER NOT NULL)', 'INSERT INTO probe (n) VALUES (1)']
  await Promise.all(services.map((s) => s.migrate('probe', steps)))
  const pool = await services[0]!.pool()
  assert.deepEqual((await pool.query('SELECT n FROM probe')).rows, [{ n: 1 }], 'each step ran once')
  await services[1]!.migrate('probe', [...steps, 'INSERT INTO probe (n) VALUES (2)'])
  const other = await services[2]!.pool()
  assert.deepEqual((await other.query('SELECT n FROM probe ORDER BY n')).rows, [{ n: 1 }, { n: 2 }])
  await assert.rejects(services[2]!.migrate('probe', steps.slice(0, 1)), { code: 'TIMMY_ERR_STORE_TOO_NEW' })
  await assert.rejects(
    services[0]!.migrate('broken', ['CREATE TABLE ok_one (n INTEGER)', 'CREATE TABLE (']),
    { code: 'TIMMY_ERR_POSTGRES_MIGRATION_FAILED' },
  )
  const half = await pool.query(`SELECT to_regclass('ok_one') AS t`)
  assert.equal(half.rows[0].t, null, 'a failed migration leaves nothing of itself')
  assert.equal(
    await services[0]!.transaction(
      async (c) => (await c.query('SELECT count(*)::int AS n FROM probe')).rows[0].n,
    ),
    2,
  )
})

test('an unreachable server is a coded error naming it, password hidden; no store.url is a coded refusal', async (t) => {
  const { host } = await testHost(t, {
    plugins: [postgresPlugin],
    config: { store: { url: 'postgres://timmy:secret@127.0.0.1:1/nowhere' } },
  })
  const pg = host.service('postgres')!
  assert.equal(pg.url, 'postgres://timmy:***@127.0.0.1:1/nowhere')
  await assert.rejects(pg.pool(), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_POSTGRES_UNREACHABLE')
    assert.match(err.message, /127\.0\.0\.1:1/)
    assert.doesNotMatch(err.message, /secret/)
    return true
  })
  const { host: plain } = await testHost(t, { plugins: [postgresPlugin] })
  assert.equal(plain.service('postgres')!.url, undefined)
  await assert.rejects(plain.service('postgres')!.pool(), { code: 'TIMMY_ERR_POSTGRES_NOT_CONFIGURED' })
})
