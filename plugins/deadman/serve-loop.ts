/** The `heartbeat` and `heartbeat_heavy` tasks, and, in `timmy serve` without a queue, deadman's own timers. */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { Deadman } from './create-deadman.js'
import type { DeadmanOptionsSchema } from './options.js'
import type { Logged } from './setup.js'

export function registerHeartbeatTasks(host: PluginHost, deadman: Deadman): void {
  host.registerTask({
    name: 'heartbeat',
    description: 'Check each agent process and Gitea, then evaluate every wizard (deadman).',
    schedule: '* * * * *',
    catchUp: 'latest',
    timeoutMs: 170_000,
    handler: async () => summarise(await deadman.heartbeat()),
  })
  host.registerTask({
    name: 'heartbeat_heavy',
    description: "Run each wizard's model health probe (deadman).",
    schedule: '*/30 * * * *',
    catchUp: 'skip',
    timeoutMs: 170_000,
    handler: () => deadman.heartbeatHeavy(),
  })
}

/** Without a queue to run those tasks, `timmy serve` runs them on timers. */
export function tapServeLoop(
  host: PluginHost,
  options: Static<typeof DeadmanOptionsSchema>,
  deadman: Deadman,
  logged: Logged,
): void {
  host.hooks.serve.tapPromise('deadman', async () => {
    if (host.maybeUse('queue')) return
    const running = new Set<Promise<unknown>>()
    const every = (ms: number, fn: () => Promise<unknown>) => {
      let busy = false
      const timer = setInterval(() => {
        if (busy) return // never queue up ticks behind a slow one
        busy = true
        const p = fn()
          .catch(logged('loop'))
          .finally(() => {
            busy = false
            running.delete(p)
          })
        running.add(p)
      }, ms)
      timer.unref()
      return timer
    }
    const timers = [
      every(options.tickSeconds * 1000, () => deadman.tick()),
      every(60_000, () => deadman.heartbeat()),
      every(30 * 60_000, () => deadman.heartbeatHeavy()),
    ]
    // Stop the timers and let work in flight finish before the store closes.
    host.onClose(async () => {
      for (const t of timers) clearInterval(t)
      await Promise.allSettled([...running])
    })
    for (const p of await deadman.preflight()) host.log.error({ code: p.code, wizard: p.wizard }, p.message)
    await deadman.tick().catch(logged('first tick'))
    host.log.info({ wizards: deadman.wizards(), dryRun: deadman.dryRun }, 'deadman is watching')
  })
}

function summarise(r: Awaited<ReturnType<Deadman['tick']>>) {
  return {
    transitions: r.transitions.length,
    actions: r.actions.length,
    errors: r.errors.map((e) => e.code),
    ...(r.gitea ? { gitea: { reachable: r.gitea.reachable, requeued: r.gitea.requeued } } : {}),
  }
}
