/** Once every plugin is set up, each lane's `budgetShare` of lanes.yaml becomes a lane budget per global budget. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { parseBudgets } from './parse-budgets.js'

export function tapConfigLoaded(host: PluginHost, budgets: ReturnType<typeof parseBudgets>): void {
  host.hooks.configLoaded.tapPromise({ name: 'budget', stage: STAGE.budget }, async () => {
    if (!budgets.some((b) => b.scope === 'global')) return
    const playbooks = host.maybeUse('playbooks')
    const dir = playbooks?.dirs().find((d) => existsSync(join(d, 'lanes.yaml')))
    if (!playbooks || !dir) return
    const { laneShareBudgets } = await import('./lane-shares.js')
    budgets.push(...laneShareBudgets(budgets, playbooks.lanes(dir)))
  })
}
