/** The store-backed metrics of `timmy serve`, read at scrape time: queue, budgets, deadman, deploy, bridge. */
import { WAIT_BUCKETS_MS } from '../queue/queue-rollup.js'
import type { FleetFigures } from './read-fleet.js'
import type { ScrapeMetrics } from './scrape-metrics.js'

const STATES = ['new', 'up', 'late', 'down', 'paused'] as const

/** Jobs by task and state, depth, paused tasks, started/done/failed totals and the wait histogram. */
export function defineQueueMetrics(m: ScrapeMetrics): void {
  const { gauge, counter } = m
  gauge('timmy_queue_jobs', 'Jobs stored now, by task and state.', ['task', 'state'], (g, f) => {
    for (const c of f.queue?.counts ?? []) g.set({ task: c.task, state: c.state }, c.n)
  })
  gauge('timmy_queue_depth', 'Queued jobs (waiting to start), by task.', ['task'], (g, f) => {
    for (const c of f.queue?.counts ?? []) if (c.state === 'queued') g.set({ task: c.task }, c.n)
  })
  gauge('timmy_queue_paused', 'Whether a task is paused (1).', ['task'], (g, f) => {
    for (const t of f.queue?.paused ?? []) g.set({ task: t }, 1)
  })
  counter('timmy_queue_jobs_started_total', 'Job attempts started, by task.', ['task'], (c, f) => {
    for (const t of f.queue?.totals ?? []) c.inc({ task: t.task }, t.started)
  })
  counter('timmy_queue_jobs_done_total', 'Jobs finished done, by task (throughput).', ['task'], (c, f) => {
    for (const t of f.queue?.totals ?? []) c.inc({ task: t.task }, t.done)
  })
  counter('timmy_queue_jobs_failed_total', 'Jobs finished failed, by task.', ['task'], (c, f) => {
    for (const t of f.queue?.totals ?? []) c.inc({ task: t.task }, t.failed)
  })
  m.registry.registerMetric(storedHistogram(m.figures) as never)
}

/** Spent and remaining tokens and cost per budget, and whether it pauses its pipelines. */
export function defineBudgetMetrics(m: ScrapeMetrics): void {
  const { gauge } = m
  gauge('timmy_budget_spent_tokens', "Tokens spent in the budget's current window.", ['budget'], (g, f) => {
    for (const b of f.budgets ?? []) g.set({ budget: b.name }, b.spentTokens)
  })
  gauge(
    'timmy_budget_remaining_tokens',
    'Cap minus spent tokens (budgets with a token cap).',
    ['budget'],
    (g, f) => {
      for (const b of f.budgets ?? [])
        if (b.capTokens !== undefined) g.set({ budget: b.name }, Math.max(0, b.capTokens - b.spentTokens))
    },
  )
  gauge('timmy_budget_spent_usd', "Cost spent in the budget's current window, USD.", ['budget'], (g, f) => {
    for (const b of f.budgets ?? []) g.set({ budget: b.name }, b.spentCost)
  })
  gauge(
    'timmy_budget_remaining_usd',
    'Cap minus spent cost, USD (budgets with a cost cap).',
    ['budget'],
    (g, f) => {
      for (const b of f.budgets ?? [])
        if (b.capCost !== undefined) g.set({ budget: b.name }, Math.max(0, b.capCost - b.spentCost))
    },
  )
  gauge('timmy_budget_paused', 'Whether the budget pauses its pipelines now (1).', ['budget'], (g, f) => {
    for (const b of f.budgets ?? []) g.set({ budget: b.name }, b.paused ? 1 : 0)
  })
}

/** Deadman wizard states and restarts, the live deploy generation, bridge events and vetoes. */
export function defineFleetStateMetrics(m: ScrapeMetrics): void {
  const { gauge, counter } = m
  gauge(
    'timmy_deadman_wizard_state',
    "1 for each wizard's current state, 0 for the others.",
    ['wizard', 'state'],
    (g, f) => {
      for (const w of f.wizards ?? [])
        for (const s of STATES) g.set({ wizard: w.wizard, state: s }, w.state === s ? 1 : 0)
    },
  )
  gauge(
    'timmy_deadman_restarts',
    'Restarts counted in the current window, per wizard.',
    ['wizard'],
    (g, f) => {
      for (const w of f.wizards ?? []) g.set({ wizard: w.wizard }, w.restartsInWindow)
    },
  )
  gauge('timmy_deploy_live_generation', 'The live deploy generation (-1: none).', [], (g, f) => {
    if (f.live !== undefined) g.set(f.live ?? -1)
  })
  counter('timmy_bridge_events_received_total', 'Hermes events received by the bridge.', [], (c, f) => {
    if (f.bridge) c.inc(f.bridge.received)
  })
  counter('timmy_bridge_vetoes_total', 'Vetoes the bridge returned to Hermes.', [], (c, f) => {
    if (f.bridge) c.inc(f.bridge.vetoes)
  })
}

/** `timmy_queue_wait_seconds`: the enqueue→start histogram kept by the queue's rollup (first attempts). */
function storedHistogram(figures: () => Promise<FleetFigures>) {
  const name = 'timmy_queue_wait_seconds'
  const help = 'Wait from enqueue to the first start of a job, by task.'
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = []
      for (const w of (await figures()).queue?.wait ?? []) {
        let acc = 0
        WAIT_BUCKETS_MS.forEach((ms, i) => {
          acc += w.buckets[i] ?? 0
          values.push({ metricName: `${name}_bucket`, labels: { le: ms / 1000, task: w.task }, value: acc })
        })
        values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', task: w.task }, value: w.count })
        values.push({ metricName: `${name}_sum`, labels: { task: w.task }, value: w.sumMs / 1000 })
        values.push({ metricName: `${name}_count`, labels: { task: w.task }, value: w.count })
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values }
    },
  }
}
