/**
 * The Prometheus metrics of `timmy serve`. Store-backed values are read at scrape time (one
 * `readFleet` per scrape, shared by every collect() callback); webhook deliveries, step durations
 * and the bridge round trip are counted in this process as they happen.
 */
import type { Counter, Histogram, Registry } from 'prom-client'
import { WAIT_BUCKETS_MS } from '../queue/queue-rollup.js'
import type { FleetFigures } from './read-fleet.js'

type Prom = typeof import('prom-client')

export interface LiveMetrics {
  registry: Registry
  webhooks: Counter<'outcome' | 'status'>
  steps: Histogram<'use' | 'outcome'>
  bridgeRoundTrip: Histogram<'transport'>
}

const STATES = ['new', 'up', 'late', 'down', 'paused'] as const

export function defineMetrics(prom: Prom, figures: () => Promise<FleetFigures>): LiveMetrics {
  const registry = new prom.Registry()
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (g: import('prom-client').Gauge<L>, f: FleetFigures) => void,
  ) =>
    new prom.Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const f = await figures()
        this.reset()
        fill(this, f)
      },
    })
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (c: Counter<L>, f: FleetFigures) => void,
  ) =>
    new prom.Counter<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const f = await figures()
        this.reset()
        fill(this, f)
      },
    })

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
  registry.registerMetric(storedHistogram(figures) as never)
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
  const webhooks = new prom.Counter({
    name: 'timmy_webhook_deliveries_total',
    help: 'Gitea webhook deliveries answered, by outcome (accepted: 2xx, refused: other) and status.',
    labelNames: ['outcome', 'status'] as const,
    registers: [registry],
  })
  const steps = new prom.Histogram({
    name: 'timmy_step_duration_seconds',
    help: 'Playbook step durations in this process, by step and outcome.',
    labelNames: ['use', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  })
  const bridgeRoundTrip = new prom.Histogram({
    name: 'timmy_bridge_round_trip_seconds',
    help: 'Time from a Hermes event request arriving to its answer being sent (POST /hermes/events).',
    labelNames: ['transport'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5],
    registers: [registry],
  })
  return { registry, webhooks, steps, bridgeRoundTrip }
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
