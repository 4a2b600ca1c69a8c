/** On `timmy serve`: the status routes, and events, vetoes and queue depth per minute recorded every 15 s. */
import type { PluginHost } from '../../core/plugin.js'
import type { cacheFreshness } from './cache-freshness.js'
import type { createEventCounter } from './event-minutes.js'
import type { StatusService } from './types.js'

const FLUSH_MS = 15_000

export function tapServe(
  host: PluginHost,
  service: StatusService,
  drift: ReturnType<typeof cacheFreshness>,
  counter: ReturnType<typeof createEventCounter>,
  snapshotTtlMs: number,
): void {
  host.hooks.serve.tapPromise('status', async ({ app }) => {
    const { registerStatusRoutes } = await import('./routes.js')
    const { cacheSnapshot } = await import('./cache-snapshot.js')
    registerStatusRoutes(app, cacheSnapshot(service, snapshotTtlMs))
    await drift.refresh(Date.now())
    let lastVetoes = host.maybeUse('bridge')?.stats().vetoes ?? 0
    const flush = async () => {
      const now = Date.now()
      const vetoes = host.maybeUse('bridge')?.stats().vetoes ?? 0
      if (vetoes > lastVetoes) counter.vetoes(vetoes - lastVetoes, now)
      lastVetoes = vetoes
      const queue = host.maybeUse('queue')
      const depth = queue
        ? (await queue.overview({ now, since: now })).counts
            .filter((c) => c.state === 'queued')
            .reduce((s, c) => s + c.n, 0)
        : undefined
      counter.flush(await host.store(), now, depth)
    }
    const timer = setInterval(() => {
      void drift.refresh(Date.now())
      flush().catch((err) =>
        host.log.warn({ err: String(err) }, 'status: could not record events per minute'),
      )
    }, FLUSH_MS)
    timer.unref()
    host.onClose(async () => {
      clearInterval(timer)
      await flush().catch(() => {})
    })
    await flush().catch((err) =>
      host.log.warn({ err: String(err) }, 'status: could not record events per minute'),
    )
  })
}
