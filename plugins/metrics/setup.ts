/** The metrics plugin's setup (index.ts imports it when the host sets the plugin up). */
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { LiveMetrics } from './define-metrics.js'
import type { FleetFigures } from './read-fleet.js'

const BRIDGE_PATH = '/hermes/events'

// The fleet reader loads on the first scrape (the metrics themselves in the serve tap).
let fleetBody: Promise<typeof import('./read-fleet.js')> | undefined
const loadFleet = () => (fleetBody ??= import('./read-fleet.js'))

export function setupMetrics(host: PluginHost): void {
  let metrics: LiveMetrics | undefined
  let pending: Promise<FleetFigures> | undefined
  // One read per scrape, shared by every metric's collect().
  const figures = () => {
    pending ??= loadFleet()
      .then(({ readFleet }) => readFleet(host, Date.now()))
      .finally(() => setImmediate(() => (pending = undefined)))
    return pending
  }
  host.hooks.afterStep.tap({ name: 'metrics', stage: STAGE.observe }, (r) => {
    if (r.dryRun || r.outcome === 'skipped') return
    metrics?.steps.observe({ use: r.use, outcome: r.outcome }, r.durationMs / 1000)
  })
  // Early in `serve`, so the response hooks are in place before other plugins add their routes.
  host.hooks.serve.tapPromise({ name: 'metrics', stage: STAGE.policy }, async ({ app }) => {
    const [prom, { defineMetrics }] = await Promise.all([
      import('prom-client'),
      import('./define-metrics.js'),
    ])
    const m = defineMetrics(prom, figures)
    metrics = m
    const options = host.config.pluginOptions?.gitea as { route?: string } | undefined
    const webhookPath = options?.route ?? '/hooks/gitea'
    const started = new WeakMap<object, bigint>()
    app.addHook('onRequest', async (req) => {
      if (req.method === 'POST' && req.url.split('?')[0] === BRIDGE_PATH)
        started.set(req, process.hrtime.bigint())
    })
    app.addHook('onResponse', async (req, reply) => {
      const path = req.url.split('?')[0]
      if (req.method === 'POST' && path === webhookPath) {
        const ok = reply.statusCode >= 200 && reply.statusCode < 300
        m.webhooks.inc({ outcome: ok ? 'accepted' : 'refused', status: String(reply.statusCode) })
      }
      const t0 = started.get(req)
      if (t0 !== undefined)
        m.bridgeRoundTrip.observe({ transport: 'http' }, Number(process.hrtime.bigint() - t0) / 1e9)
    })
    app.get('/metrics', async (_req, reply) =>
      reply.type(m.registry.contentType).send(await m.registry.metrics()),
    )
  })
}
