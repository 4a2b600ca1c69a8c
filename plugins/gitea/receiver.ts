/**
 * Mount the webhook receiver on `timmy serve`'s app. An empty secret refuses deliveries (503 with the
 * coded fix) unless the option `insecure: true`. Each accepted delivery becomes a work item: the `workItem`
 * waterfall first, then the `queue` service when one is loaded (looked up at hand-off time).
 */
import type { FastifyInstance } from 'fastify'
import { reasonOf } from '../../core/errors.js'
import type { WorkItem } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { GiteaConfig } from './config-schema.js'
import { openDeliveryLog } from './delivery-log.js'
import { E } from './errors.js'
import { registerWebhookRoute } from './webhook-route.js'

/** The part of the `queue` service the receiver uses. */
export interface WorkQueue {
  enqueue(task: string, payload: unknown, options?: { idempotencyKey?: string }): unknown
}

export async function mountReceiver(host: PluginHost, app: FastifyInstance, cfg: GiteaConfig): Promise<void> {
  const secret = cfg.webhookSecret || process.env.GITEA_WEBHOOK_SECRET || ''
  if (secret === '' && !cfg.insecure) {
    const refusal = E.GITEA_WEBHOOK_NO_SECRET()
    host.log.warn({ code: refusal.code, route: cfg.route }, refusal.bare)
    app.post(cfg.route, { config: { signed: true } }, async (_req, reply) =>
      reply.code(503).send({ ok: false, error: refusal.code, message: refusal.bare }),
    )
    return
  }
  if (secret === '')
    host.log.warn(
      { route: cfg.route },
      'gitea webhook receiver runs WITHOUT signature checks (pluginOptions.gitea.insecure)',
    )
  const deliveries = await openDeliveryLog(host, {
    retentionDays: cfg.deliveryRetentionDays,
    replayWindowHours: cfg.replayWindowHours,
  })
  const handOff = async (item: WorkItem) => {
    try {
      const out = await host.hooks.workItem.promise(item)
      const queue = host.maybeUse('queue')
      if (out && queue && typeof queue.enqueue === 'function')
        await queue.enqueue(cfg.queueTask, out, { idempotencyKey: out.id })
    } catch (err) {
      // Forget the delivery, so that "Redeliver" on Gitea's webhook page brings it back.
      const delivery = (item.gitea as { delivery?: string } | undefined)?.delivery
      try {
        if (delivery) await deliveries.forget(delivery)
      } catch {
        // The store is gone (the host is shutting down): Gitea's "Redeliver" is refused as a replay
        // until the delivery log's retention ends; the error below says what was lost.
      }
      host.log.error(
        { item: item.id, event: item.event, reason: reasonOf(err) },
        'gitea work item hand-off failed; redeliver it from Gitea once fixed',
      )
    }
  }
  await registerWebhookRoute(app, {
    path: cfg.route,
    secret,
    insecure: cfg.insecure,
    bodyLimit: cfg.bodyLimit,
    deliveries,
    log: host.log,
    onItem: (item) => void handOff(item),
  })
}
