/**
 * The orchestrator's lease and dispatch log on both stores: one coordinator fleet-wide. Two hosts
 * racing for the lease: exactly one holds it; expiry hands it over; a stale holder can neither renew
 * nor release the new holder's lease. The dispatch log one host writes is what the other reads.
 */
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { openDispatchLog } from '../../plugins/orchestrator/dispatch-log.js'
import { openLeases } from '../../plugins/orchestrator/lease.js'
import { startPostgres } from '../helpers/postgres.js'
import { storeKinds } from './store-kinds.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

for (const kind of storeKinds(server)) {
  describe(`orchestrator lease conformance: ${kind.name}`, { skip: kind.skip }, () => {
    test('two hosts racing for a free or an expired lease: exactly one holds it', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [await openLeases(await boot()), await openLeases(await boot())]
      for (let round = 0; round < 10; round++) {
        // round 0 races for a free lease, every later round for the one that expired at `now`
        const now = round * 1000
        const got = await Promise.all([
          a.acquire('orchestrator', 'host-a', 1000, now),
          b.acquire('orchestrator', 'host-b', 1000, now),
        ])
        const winner = got.find((g) => g.ok)
        const loser = got.find((g) => !g.ok)
        assert.ok(winner?.ok && loser && !loser.ok, `round ${round}: exactly one holder`)
        assert.equal(loser.heldBy.holder, winner.lease.holder, 'the loser learns who holds it')
      }
    })

    test('expiry hands the lease over; the stale holder cannot renew or release it', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [await openLeases(await boot()), await openLeases(await boot())]
      const first = await a.acquire('orchestrator', 'host-a:1', 1000, 0)
      assert.ok(first.ok)
      const early = await b.acquire('orchestrator', 'host-b:2', 1000, 500)
      assert.equal(early.ok, false, 'held until it expires')
      assert.equal(await a.renew(first.lease, 1000, 900), true, 'the holder renews')
      assert.equal((await b.acquire('orchestrator', 'host-b:2', 1000, 1800)).ok, false, 'the renewal counts')
      const taken = await b.acquire('orchestrator', 'host-b:2', 1000, 2000)
      assert.ok(taken.ok, 'after expiry the other host takes it')
      assert.equal(await a.renew(first.lease, 1000, 2100), false, 'the stale holder cannot renew')
      await a.release(first.lease)
      const still = await a.acquire('orchestrator', 'host-a:1', 1000, 2200)
      assert.ok(
        !still.ok && still.heldBy.holder === 'host-b:2',
        'the stale release did not drop the new lease',
      )
      await b.release(taken.lease)
      assert.ok(
        (await a.acquire('orchestrator', 'host-a:1', 1000, 2300)).ok,
        'a released lease is free at once',
      )
    })

    test('a dispatch one host logs is what the other host reads', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [await openDispatchLog(await boot()), await openDispatchLog(await boot())]
      await a.start('fleet/api', 7, 'coder', 1000)
      assert.equal(await b.running('coder'), 1)
      assert.equal((await b.get('fleet/api', 7))?.status, 'running')
      await b.finish('fleet/api', 7, 'done', 'ok', 2000)
      await b.linkPull('fleet/api', 7, 12)
      assert.equal(await a.running('coder'), 0)
      assert.deepEqual(await a.all(), [
        {
          repo: 'fleet/api',
          issue: 7,
          lane: 'coder',
          status: 'done',
          outcome: 'ok',
          pull: 12,
          started_at: 1000,
          finished_at: 2000,
        },
      ])
    })
  })
}
