import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { harness } from './harness.js'

test('a dry run records what it would do and does nothing', async (t) => {
  const h = await harness(
    t,
    ({ dir }) => ({
      periodSeconds: 10,
      graceSeconds: 5,
      startGraceSeconds: 5,
      maxRetries: 1,
      alert: { repo: 'ops/fleet' },
      wizards: {
        ezra: {
          restart: [
            process.execPath,
            '-e',
            `require('fs').writeFileSync(${JSON.stringify(join(dir, 'restarted'))}, '')`,
          ],
        },
      },
    }),
    { effects: ['gitea.issue'] },
  )
  assert.equal(h.dm.dryRun, true, 'a new install is a dry run')
  const t0 = h.clock.now
  for (let s = 0; s <= 200; s++) {
    h.clock.now = t0 + s * 1000
    await h.dm.tick()
  }
  const actions = await h.dm.actions('ezra')
  assert.deepEqual(actions.map((a) => [a.kind, a.outcome, a.dryRun]).reverse(), [
    ['restart', 'planned', true],
    ['alert', 'planned', true],
  ])
  assert.equal(
    actions[0]!.detail.effect && (actions[0]!.detail.effect as { kind: string }).kind,
    'gitea.issue',
  )
  assert.equal(existsSync(join(h.dir, 'restarted')), false, 'the restart command never ran')
  assert.deepEqual(h.applied, [], 'no effect was applied')
})
