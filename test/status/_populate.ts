/**
 * A populated store for the status tests, written through the real services of a real host (budget
 * records over several days, queued jobs, wizards with transitions, two deploys), then closed so a
 * real `timmy serve` / `timmy status` can open it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { baseOverlay, OPERATOR_POLICY, writeOverlay } from '../deploy/_overlay.js'
import { testHost } from '../helpers/host.js'
import type { Sandbox } from '../helpers/temp.js'

export const CONFIG = {
  pluginOptions: {
    queue: { concurrency: 0, scheduler: false },
    budget: {
      budgets: [
        { name: 'fleet', tokens: 1_000_000, window: 'daily' },
        { name: 'coder-week', scope: 'lane', match: 'coder', tokens: 500_000, window: 'weekly' },
      ],
      importHermes: false,
    },
    deadman: { wizards: { coder: {}, reviewer: {} } },
    'state-log': { driftCheckSeconds: 0 },
    policy: OPERATOR_POLICY,
  },
}

/** Returns the clock the budget records were written against (record k of day d: `now - d days - 1 min`). */
export async function populate(t: { after(fn: () => unknown): void }, box: Sandbox): Promise<number> {
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(CONFIG))
  baseOverlay(box.cwd)
  const { host } = await testHost(t, { box, builtins: true, config: CONFIG })
  const budget = host.service('budget')!
  const now = Date.now()
  const day = 86_400_000
  let n = 0
  for (let d = 6; d >= 0; d--)
    for (const [lane, model, tokens] of [
      ['coder', 'hermes-4-405b', 1000 + d * 100],
      ['reviewer', 'claude-sonnet', 500 + d * 10],
    ] as const)
      await budget.record({
        source: 'test',
        lane,
        model,
        input_tokens: tokens,
        output_tokens: 0,
        at: now - d * day - 60_000,
        key: `k${n++}`,
      })
  const queue = host.service('queue')!
  queue.define('work-item-test', () => 'ok')
  for (let i = 0; i < 3; i++) await queue.enqueue('work-item-test', { i })
  await queue.enqueue('triage.sweep', {})
  const deadman = host.service('deadman')!
  await deadman.beat('coder', { source: 'cli' })
  await deadman.tick()
  await deadman.pause('reviewer')
  const deploy = host.service('deploy')!
  await deploy.deploy({ source: box.cwd })
  writeOverlay(box.cwd, { 'config/SOUL.md': '# Soul v2\n' })
  await deploy.deploy({ source: box.cwd })
  await host.close('populated')
  return now
}
