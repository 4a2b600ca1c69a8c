// Trial finding: a flood of unauthenticated GET /status.json (~50 ms of main thread each) starved the bridge.
/**
 * `/` and `/status.json` share one snapshot for `pluginOptions.status.snapshotTtlMs` (1 s): requests
 * arriving together wait for one gather, so a flood costs one gather per TTL. Gathers are counted
 * through a real service the gather reads once each time (housekeeping's `history`).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startServer } from '../../core/server/create-server.js'
import type { HousekeepingService } from '../../plugins/housekeeping/types.js'
import { testHost } from '../helpers/host.js'

async function serve(t: { after(fn: () => unknown): void }, status: Record<string, unknown> = {}) {
  const { host } = await testHost(t, {
    builtins: true,
    dropIns: false,
    config: { pluginOptions: { status } },
  })
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 })
  t.after(() => server.close())
  const housekeeping: HousekeepingService = host.service('housekeeping')!
  const gathers = { n: 0 }
  const history = housekeeping.history.bind(housekeeping)
  housekeeping.history = (limit) => {
    gathers.n++
    return history(limit)
  }
  return { url: server.url, gathers }
}

const getAll = (url: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await fetch(`${url}${i % 2 ? '/' : '/status.json'}`)
      assert.equal(res.status, 200)
      return res.text()
    }),
  )

test('40 concurrent GETs of the status page and JSON gather the snapshot at most twice', async (t) => {
  const { url, gathers } = await serve(t)
  const bodies = await getAll(url, 40)
  assert.ok(gathers.n >= 1, 'the snapshot was gathered')
  assert.ok(gathers.n <= 2, `gathered ${gathers.n} times for 40 requests`)
  const snap = JSON.parse(bodies[0]!) as { housekeeping?: { last: unknown } }
  assert.deepEqual(snap.housekeeping, { last: null }, 'the shared snapshot holds the real sections')
})

test('pluginOptions.status.snapshotTtlMs: 0 gathers for every request', async (t) => {
  const { url, gathers } = await serve(t, { snapshotTtlMs: 0 })
  for (let i = 0; i < 4; i++) await getAll(url, 1)
  assert.equal(gathers.n, 4)
})
