/**
 * The two stores a plugin's tables can live in, as real booted hosts (the real `postgres` plugin and a
 * probe that hands out its PluginHost): `sqlite` — hosts sharing one SQLite file (`store.path`), and
 * `postgres` — hosts sharing one PostgreSQL server (`store.url`; a fresh schema per store through
 * `search_path`). Each `fresh(t)` is an empty store; each call of what it returns boots another host on it.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { definePlugin, type PluginHost } from '../../core/plugin.js'
import postgresPlugin from '../../plugins/postgres/index.js'
import { testHost } from '../helpers/host.js'
import type { TestPg } from '../helpers/postgres.js'
import { tempDir } from '../helpers/temp.js'

type Ctx = { after(fn: () => unknown): void }

export interface StoreKind {
  name: 'sqlite' | 'postgres'
  skip: string | false
  /** A fresh store; each call of the returned function boots another host on it. */
  fresh(t: Ctx): Promise<() => Promise<PluginHost>>
}

export function storeKinds(server: TestPg | { skip: string }): StoreKind[] {
  return [
    {
      name: 'sqlite',
      skip: false,
      async fresh(t) {
        const path = join(tempDir(t, 'timmy-conf-'), 'timmy.db')
        return () => bootOn(t, { path })
      },
    },
    {
      name: 'postgres',
      skip: 'skip' in server ? server.skip : false,
      async fresh(t) {
        if ('skip' in server) throw new Error(server.skip)
        const schema = `s_${randomBytes(5).toString('hex')}`
        const admin = new pg.Client({ connectionString: server.url })
        await admin.connect()
        await admin.query(`CREATE SCHEMA ${schema}`)
        await admin.end()
        const url = new URL(server.url)
        url.searchParams.set('options', `-c search_path=${schema}`)
        return () => bootOn(t, { url: url.toString() })
      },
    },
  ]
}

/** A real host with the postgres plugin on the given store; the probe's PluginHost. */
async function bootOn(t: Ctx, store: { path: string } | { url: string }): Promise<PluginHost> {
  let api: PluginHost | undefined
  const probe = definePlugin({
    name: 'probe',
    version: '1',
    optionalNeeds: ['postgres'],
    setup: (h) => void (api = h),
  })
  await testHost(t, { plugins: [postgresPlugin, probe], config: { store } })
  return api!
}
