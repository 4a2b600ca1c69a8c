/**
 * In `timmy serve`: register this host before the server listens, then beat every `beatSeconds` on a
 * timer of this process (the beat is this host's own: on a shared PostgreSQL queue a periodic task
 * would run on one host only). Without a queue to run `hosts.check`, the timer checks too. On close:
 * the timer stops, the last beat finishes, the row is marked stopped.
 */
import { reasonOf } from '../../core/errors.js'
import type { PluginHost } from '../../core/plugin.js'
import type { HostsService } from './types.js'

export function tapServe(host: PluginHost, service: HostsService, beatSeconds: number): void {
  host.hooks.serve.tapPromise('hosts', async () => {
    await service.register()
    const withQueue = host.maybeUse('queue') !== undefined
    let running: Promise<unknown> | undefined
    const timer = setInterval(() => {
      if (running) return // never pile beats up behind a slow one
      running = (async () => {
        await service.beat()
        if (!withQueue) await service.check()
      })()
        .catch((err) => host.log.warn({ host: service.id, err: reasonOf(err) }, 'hosts: beat failed'))
        .finally(() => (running = undefined))
    }, beatSeconds * 1000)
    timer.unref()
    host.onClose(async () => {
      clearInterval(timer)
      await running
      await service
        .stop()
        .catch((err) => host.log.warn({ err: reasonOf(err) }, 'hosts: could not mark stopped'))
    })
  })
}
