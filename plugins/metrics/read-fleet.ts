import type { PluginHost } from '../../core/plugin.js'
import type { BudgetStatus } from '../budget/service.js'
import type { WizardStatus } from '../deadman/types.js'
import type { HostRecord } from '../hosts/types.js'
import type { QueueOverview } from '../queue/queue-rollup.js'

export interface FleetFigures {
  queue?: QueueOverview
  budgets?: BudgetStatus[]
  wizards?: WizardStatus[]
  live?: number | null
  bridge?: { received: number; accepted: number; vetoes: number; invalid: number }
  hosts?: HostRecord[]
}

export async function readFleet(host: Pick<PluginHost, 'maybeUse'>, now: number): Promise<FleetFigures> {
  const out: FleetFigures = {}
  const queue = host.maybeUse('queue')
  const budget = host.maybeUse('budget')
  const deadman = host.maybeUse('deadman')
  const deploy = host.maybeUse('deploy')
  const bridge = host.maybeUse('bridge')
  if (queue) out.queue = await queue.overview({ now, since: now - 24 * 3_600_000 })
  if (budget) out.budgets = await budget.status()
  if (deadman) out.wizards = await deadman.status(now)
  if (deploy) out.live = deploy.live()
  if (bridge) out.bridge = bridge.stats()
  const hosts = host.maybeUse('hosts')
  if (hosts) out.hosts = await hosts.list(now)
  return out
}
