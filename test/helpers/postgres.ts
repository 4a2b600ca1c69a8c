/**
 * A throwaway PostgreSQL for tests: the server `TIMMY_TEST_PG_URL` names (CI starts one with
 * scripts/pg-server.mjs), else one started for this test file with the same script (initdb in a temp
 * folder, a free loopback port, fsync off). Either way each call gets a fresh database `t_<random>`,
 * dropped at `stop()`. Without binaries and without the variable, it returns a reason to skip.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export interface TestPg {
  /** A fresh, empty database on the server. */
  url: string
  /** Drop the database, and stop the server when this call started it. */
  stop(): Promise<void>
}

const script = fileURLToPath(new URL('../../scripts/pg-server.mjs', import.meta.url))

/** A fresh database, or `{ skip }` saying why there is none (use it as the test's `skip` option). */
export async function startPostgres(): Promise<TestPg | { skip: string }> {
  let server = process.env.TIMMY_TEST_PG_URL
  let stopServer = () => {}
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'timmy-pgtest-'))
    const r = spawnSync(process.execPath, [script, 'start', dir], { encoding: 'utf8' })
    if (r.status === 3) {
      rmSync(dir, { recursive: true, force: true })
      return { skip: 'no PostgreSQL: install it (initdb, pg_ctl) or set TIMMY_TEST_PG_URL' }
    }
    if (r.status !== 0) throw new Error(`could not start PostgreSQL: ${r.stderr.trim()}`)
    server = /TIMMY_TEST_PG_URL=(\S+)/.exec(r.stdout)![1]!
    stopServer = () => {
      spawnSync(process.execPath, [script, 'stop', dir])
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const name = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(server)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async stop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
      await admin.end().catch(() => {})
      stopServer()
    },
  }
}
