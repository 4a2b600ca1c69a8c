/**
 * metrics: `GET /metrics` of `timmy serve` in the Prometheus text format (prom-client). Queue, budget,
 * deadman and deploy figures are read from the store at scrape time; webhook deliveries (accepted /
 * refused), step durations and the bridge's HTTP round trip are counted as they happen, through
 * fastify's onRequest/onResponse hooks and the `afterStep` hook — no other plugin is changed.
 */
import { definePlugin } from '../../core/plugin.js'

export default definePlugin({
  name: 'metrics',
  version: '0.1.0',
  description: 'Prometheus metrics at /metrics of timmy serve (prom-client).',
  optionalDependencies: ['queue', 'budget', 'deadman', 'deploy', 'bridge', 'gitea', 'hosts'],
  async setup(host) {
    const { setupMetrics } = await import('./setup.js')
    return setupMetrics(host)
  },
})
