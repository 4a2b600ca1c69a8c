/** Deadman's rollback through the real deploy service, on a temp TIMMY_HOME / HERMES_HOME. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { baseOverlay, bootHost, writeOverlay } from '../deploy/_overlay.js'
import { sandbox } from '../helpers/temp.js'

test('a deadman-triggered rollback restores the previous generation and never re-deploys one rolled away from', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const host = await bootHost(sb, {
    pluginOptions: {
      deadman: {
        dryRun: false,
        stampDir: sb.root,
        periodSeconds: 10,
        graceSeconds: 5,
        startGraceSeconds: 5,
        healthyResetSeconds: 30,
        maxRetries: 1000,
        rollback: { enabled: true, afterRestarts: 1 },
        wizards: { ezra: { restart: ['true'] } },
      },
    },
  })
  t.after(() => host.close())
  const deploy = host.service('deploy')!
  const deadman = host.service('deadman')!
  const soul = () => readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8')

  assert.equal((await deploy.deploy({ source: sb.cwd })).generation, 1)
  writeOverlay(sb.cwd, { 'config/SOUL.md': '# Soul v2\n' })
  assert.equal((await deploy.deploy({ source: sb.cwd })).generation, 2)
  assert.equal(soul(), '# Soul v2\n')

  const t0 = Date.now()
  let s = 0
  const advance = async (seconds: number, beating: boolean) => {
    for (const end = s + seconds; s < end; s++) {
      const now = t0 + s * 1000
      if (beating && s % 5 === 0) await deadman.beat('ezra', { source: 'test', at: now })
      await deadman.tick(now)
    }
  }
  await advance(20, true)
  await advance(40, false) // silent: down, restarted, still down: rolled back
  const first = (await deadman.actions('ezra')).filter((a) => a.kind === 'rollback')
  assert.equal(first.length, 1)
  assert.equal(first[0]!.outcome, 'ok', JSON.stringify(first[0]!.detail))
  assert.deepEqual([first[0]!.detail.from, first[0]!.detail.to], [2, 1])
  assert.equal(deploy.live(), 1, 'the deploy service switched the live generation')
  assert.equal(soul(), '# Soul v1\n', 'the previous generation is back in HERMES_HOME')

  await advance(60, true) // healthy: the incident closes
  await advance(40, false) // a second incident: nothing left that was never rolled away from
  const all = (await deadman.actions('ezra', 100)).filter((a) => a.kind === 'rollback')
  assert.equal(all.length, 2, 'the second incident reached the rollback step')
  const second = all.find((a) => a.id !== first[0]!.id)!
  assert.equal(second.outcome, 'failed')
  assert.match(String(second.detail.reason), /no known-good generation/)
  assert.equal(deploy.live(), 1, 'generation 2, rolled away from, is never deployed again')
  assert.equal(soul(), '# Soul v1\n')
})
