import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { openStore } from '../../core/store/store.js'
import { acquireLease, migrateLeases, releaseLease, renewLease } from '../../plugins/orchestrator/lease.js'
import { tempDir } from '../helpers/temp.js'

test('one holder at a time; an expired lease can be taken; a lost lease cannot be renewed or released', async (t) => {
  const path = join(tempDir(t), 'timmy.db')
  const a = await openStore(path)
  const b = await openStore(path)
  t.after(() => {
    a.close()
    b.close()
  })
  migrateLeases(a)
  migrateLeases(b)
  const first = acquireLease(a, 'orchestrator', 'host-a:1', 1000, 0)
  assert.ok(first.ok)
  const second = acquireLease(b, 'orchestrator', 'host-b:2', 1000, 500)
  assert.equal(second.ok, false)
  if (!second.ok) assert.equal(second.heldBy.holder, 'host-a:1')
  assert.ok(first.ok && renewLease(a, first.lease, 1000, 900))
  const taken = acquireLease(b, 'orchestrator', 'host-b:2', 1000, 2000)
  assert.ok(taken.ok, 'after expiry the other takes over')
  assert.equal(first.ok && renewLease(a, first.lease, 1000, 2100), false, 'the old holder cannot renew')
  if (first.ok) releaseLease(a, first.lease)
  const still = acquireLease(a, 'orchestrator', 'host-a:1', 1000, 2200)
  assert.equal(still.ok, false, 'the old holder’s release did not drop the new lease')
})
