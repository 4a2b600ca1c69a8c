/**
 * deadman: detect a silent agent and restart it — bounded, backed off, never a runaway.
 * Provides the `deadman` service (DeadmanService), `timmy deadman …`, the `heartbeat` (every minute)
 * and `heartbeat_heavy` (every 30 min) tasks, and, in `timmy serve` without a queue, its own loop.
 */

import { isTimmyError, reasonOf } from '../../core/errors.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { createDeadman, type Deadman } from './create-deadman.js'
import { asDeployGenerations } from './deploy-adapter.js'
import { beatKindOf, runOf, wizardOf } from './hermes-beat.js'
import { DeadmanOptionsSchema } from './options.js'

export type * from './types.js'

export default definePlugin({
  name: 'deadman',
  version: '0.1.0',
  provides: ['deadman'],
  description: 'Heartbeats, detection states and bounded, backed-off recovery of Hermes agents.',
  optionalDependencies: ['deploy', 'gitea', 'queue'],
  options: DeadmanOptionsSchema,
  commands,
  setup(host, options) {
    const deadman: Deadman = createDeadman({
      options,
      store: () => host.store(),
      hooks: host.hooks,
      log: host.log,
      effects: host.effects,
      deploy: () => asDeployGenerations(host.maybeUse('deploy')),
      gitea: () => host.maybeUse('gitea'),
      queue: () => host.maybeUse('queue'),
      hermesHome: host.paths.hermesHome,
    })
    host.provide('deadman', deadman)

    const known = new Set(deadman.wizards())
    const fallback = options.hermesWizard ?? (known.size === 1 ? [...known][0] : undefined)
    const logged = (what: string) => (err: unknown) => {
      if (isTimmyError(err)) host.log.warn({ code: err.code }, `deadman ${what}: ${err.bare}`)
      else host.log.error({ err: reasonOf(err) }, `deadman ${what} failed`)
    }

    // (b) Hermes bridge events: any session activity counts as alive.
    host.hooks.hermesEvent.tapPromise('deadman', async (event) => {
      const wizard = wizardOf(event, fallback)
      if (!wizard || !known.has(wizard)) return
      const run = runOf(event)
      await deadman
        .beat(wizard, {
          source: `hermes:${event.hook}`,
          kind: beatKindOf(event.hook),
          ...(run ? { run } : {}),
        })
        .catch(logged('beat from Hermes'))
    })
    // Beats other plugins announce on the `heartbeat` hook (deadman's own state events carry source "deadman").
    host.hooks.heartbeat.tapPromise('deadman', async (event) => {
      if (event.source === 'deadman' || !known.has(event.wizard)) return
      await deadman
        .beat(event.wizard, { source: event.source, kind: 'beat' })
        .catch(logged('beat from the heartbeat hook'))
    })

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

    // Without a queue to run those tasks, `timmy serve` runs them on timers.
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
      for (const p of deadman.preflight()) host.log.error({ code: p.code, wizard: p.wizard }, p.message)
      await deadman.tick().catch(logged('first tick'))
      host.log.info({ wizards: deadman.wizards(), dryRun: deadman.dryRun }, 'deadman is watching')
    })
  },
})

function summarise(r: Awaited<ReturnType<Deadman['tick']>>) {
  return {
    transitions: r.transitions.length,
    actions: r.actions.length,
    errors: r.errors.map((e) => e.code),
    ...(r.gitea ? { gitea: { reachable: r.gitea.reachable, requeued: r.gitea.requeued } } : {}),
  }
}
