/** The deadman plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import { isTimmyError, reasonOf } from '../../core/errors.js'
import type { PluginHost } from '../../core/plugin.js'
import { createDeadman, type Deadman } from './create-deadman.js'
import { asDeployGenerations } from './deploy-adapter.js'
import { fallbackHostId } from './host-id.js'
import type { DeadmanOptionsSchema } from './options.js'
import { registerHeartbeatTasks, tapServeLoop } from './serve-loop.js'

type Options = Static<typeof DeadmanOptionsSchema>

let beatBody: Promise<typeof import('./hermes-beat.js')> | undefined
const loadBeat = () => (beatBody ??= import('./hermes-beat.js'))
/** Logs a failure of `what`: a coded error as a warning, anything else as an error. */
export type Logged = (what: string) => (err: unknown) => void

export function setupDeadman(host: PluginHost, options: Options): void {
  const deadman: Deadman = createDeadman({
    options,
    store: () => host.store(),
    postgres: () => host.maybeUse('postgres'),
    // The hosts plugin's id when it is loaded (it may be set in its options), else computed the same way.
    hostId: () => host.maybeUse('hosts')?.id ?? fallbackHostId(host.paths.home),
    hooks: host.hooks,
    log: host.log,
    effects: host.effects,
    deploy: () => asDeployGenerations(host.maybeUse('deploy')),
    gitea: () => host.maybeUse('gitea'),
    queue: () => host.maybeUse('queue'),
    hermesHome: host.paths.hermesHome,
    childEnv: host.use('hermes').childEnv,
  })
  host.provide('deadman', deadman)
  const logged: Logged = (what) => (err) => {
    if (isTimmyError(err)) host.log.warn({ code: err.code }, `deadman ${what}: ${err.bare}`)
    else host.log.error({ err: reasonOf(err) }, `deadman ${what} failed`)
  }
  tapBeats(host, options, deadman, logged)
  registerHeartbeatTasks(host, deadman)
  tapServeLoop(host, options, deadman, logged)
}

/** Beats from Hermes bridge events and from the `heartbeat` hook. */
function tapBeats(host: PluginHost, options: Options, deadman: Deadman, logged: Logged): void {
  const known = new Set(deadman.wizards())
  const fallback = options.hermesWizard ?? (known.size === 1 ? [...known][0] : undefined)
  // (b) Hermes bridge events: any session activity counts as alive.
  host.hooks.hermesEvent.tapPromise('deadman', async (event) => {
    const { beatKindOf, runOf, wizardOf } = await loadBeat()
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
}
