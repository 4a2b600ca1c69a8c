/**
 * The Prometheus metrics of `timmy serve`. Store-backed values are read at scrape time (one
 * `readFleet` per scrape, shared by every collect() callback); webhook deliveries, step durations
 * and the bridge round trip are counted in this process as they happen.
 */
import type { Counter, Histogram, Registry } from 'prom-client'
import { defineBudgetMetrics, defineFleetStateMetrics, defineQueueMetrics } from './define-fleet-metrics.js'
import { defineHostMetrics } from './define-host-metrics.js'
import type { FleetFigures } from './read-fleet.js'
import { createScrapeMetrics } from './scrape-metrics.js'

type Prom = typeof import('prom-client')

export interface LiveMetrics {
  registry: Registry
  webhooks: Counter<'outcome' | 'status'>
  steps: Histogram<'use' | 'outcome'>
  bridgeRoundTrip: Histogram<'transport'>
}

export function defineMetrics(prom: Prom, figures: () => Promise<FleetFigures>): LiveMetrics {
  const registry = new prom.Registry()
  const scrape = createScrapeMetrics(prom, registry, figures)
  defineQueueMetrics(scrape)
  defineBudgetMetrics(scrape)
  defineFleetStateMetrics(scrape)
  defineHostMetrics(scrape)
  return { registry, ...defineLiveMetrics(prom, registry) }
}

/** Counted in this process as they happen: webhook deliveries, step durations, the bridge round trip. */
function defineLiveMetrics(prom: Prom, registry: Registry): Omit<LiveMetrics, 'registry'> {
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
  return { webhooks, steps, bridgeRoundTrip }
}
