/**
 * The Gitea delivery log on both stores (`gitea_deliveries`): a delivery is applied once wherever it
 * arrives — two hosts sharing the store (one SQLite file, or one PostgreSQL server with `store.url`).
 */
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { openDeliveryLog } from '../../plugins/gitea/delivery-log.js'
import { startPostgres } from '../helpers/postgres.js'
import { storeKinds } from './store-kinds.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

const options = { retentionDays: 7, replayWindowHours: 24 }

for (const kind of storeKinds(server)) {
  describe(`delivery log conformance: ${kind.name}`, { skip: kind.skip }, () => {
    test('the same delivery id arriving at two hosts at once is new on exactly one', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [
        await openDeliveryLog(await boot(), options),
        await openDeliveryLog(await boot(), options),
      ]
      for (let i = 0; i < 10; i++) {
        const id = `delivery-${i}`
        const verdicts = await Promise.all([
          a.remember(id, 'issues', `sha-${i}`),
          b.remember(id, 'issues', `sha-${i}`),
        ])
        assert.deepEqual(verdicts.toSorted(), ['duplicate', 'new'], `${id}: ${verdicts}`)
      }
      assert.equal(await a.count(), 10)
      assert.equal(await b.count(), 10)
    })

    test('the same signed body under a fresh id on the other host is refused as a replay', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [
        await openDeliveryLog(await boot(), options),
        await openDeliveryLog(await boot(), options),
      ]
      assert.equal(await a.remember('d-1', 'push', 'same-body'), 'new')
      assert.equal(await b.remember('d-2', 'push', 'same-body'), 'replay')
      assert.equal(b.replays(), 1)
      assert.equal(await b.remember('d-3', 'push', 'other-body'), 'new')
    })

    test('a delivery one host forgets (its hand-off failed) is new again on the other', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [
        await openDeliveryLog(await boot(), options),
        await openDeliveryLog(await boot(), options),
      ]
      assert.equal(await a.remember('d-1', 'issues'), 'new')
      assert.equal(await b.remember('d-1', 'issues'), 'duplicate')
      await a.forget('d-1')
      assert.equal(await b.remember('d-1', 'issues'), 'new')
    })
  })
}
