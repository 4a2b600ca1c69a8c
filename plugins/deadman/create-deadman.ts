/**
 * The deadman service: beats in, states out, bounded recovery. Everything is stored, so CLI commands in
 * another process and the `timmy serve` loop see one truth. Time comes from `now` (injectable).
 */

import type { Hooks } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { Store } from '../../core/store/store.js'
import type { GiteaService } from '../gitea/service.js'
import type { HermesService } from '../hermes/types.js'
import type { PostgresService } from '../postgres/types.js'
import type { QueueService } from '../queue/host-queue.js'
import { createDeadmanScope } from './deadman-scope.js'
import type { DeadmanOptions } from './options.js'
import { requireWizard } from './require-wizard.js'
import { runSerially } from './run-serially.js'
import type { BeatInput, DeadmanService, DeployGenerations } from './types.js'

// The bodies (store, tick, recovery, heartbeats) load on the first call, not at boot.
let bodyPromise: Promise<typeof import('./service-body.js')> | undefined
const load = () => (bodyPromise ??= import('./service-body.js'))

export interface DeadmanDeps {
  options: DeadmanOptions
  store: () => Promise<Store>
  /** The `postgres` service: with a `url` (store.url) the tables live on PostgreSQL, else in `store()`. */
  postgres?: () => PostgresService | undefined
  /** This host's id (the owner of its wizard rows on PostgreSQL). */
  hostId?: () => string
  hooks: { wizardState: Hooks['wizardState'] }
  log: Logger
  /** Effect handlers by kind (the host's registry); alerts go through `gitea.issue`/`gitea.comment`. */
  effects?: ReadonlyMap<string, { handler: EffectHandler }>
  deploy?: () => DeployGenerations | undefined
  /** The real `gitea` service (pinged by the heartbeat) and `queue` (failed work re-queued when Gitea is back). */
  gitea?: () => GiteaService | undefined
  queue?: () => QueueService | undefined
  now?: () => number
  /** The hermes service's allow-listed child environment (restart, check and probe commands). */
  childEnv: HermesService['childEnv']
  /** Given to restart, check and probe commands as HERMES_HOME (unless a wizard's env sets it). */
  hermesHome?: string
}

export type Deadman = DeadmanService & {
  /** Whether Gitea answered the last `heartbeat` check (undefined: no gitea service). */
  readonly giteaReachable: boolean | undefined
}

/** The service: each method a named step (files beside this one) over one `DeadmanScope`. */
export function createDeadman(deps: DeadmanDeps): Deadman {
  const scope = createDeadmanScope(deps)
  const { tuning, clock, names } = scope
  const service: Deadman = {
    get dryRun() {
      return tuning.dryRun
    },
    get giteaReachable() {
      return scope.giteaWatch.reachable
    },
    wizards: () => [...names],
    tick(now = clock()) {
      return runSerially(scope, async () => {
        const { readyStore, tickOnce, tickContextOf } = await load()
        await readyStore(scope, now)
        return tickOnce(tickContextOf(scope), now)
      })
    },
    beat: async (wizard, input: BeatInput = {}) => (await load()).beatWizard(scope, wizard, input),
    async pause(wizard, now = clock()) {
      requireWizard(scope, wizard)
      const { readyStore, setPaused } = await load()
      await readyStore(scope, now)
      return setPaused(scope, wizard, true, now)
    },
    async resume(wizard, now = clock()) {
      requireWizard(scope, wizard)
      const { readyStore, setPaused } = await load()
      await readyStore(scope, now)
      return setPaused(scope, wizard, false, now)
    },
    async reset(wizard, now = clock()) {
      requireWizard(scope, wizard)
      const { readyStore, resetWizard } = await load()
      await readyStore(scope, now)
      return resetWizard(scope, wizard, now)
    },
    async status(now = clock()) {
      const { readyStore, statusAll } = await load()
      await readyStore(scope, now)
      return statusAll(scope, now)
    },
    heartbeat: async (now = clock()) => (await load()).runHeartbeat(scope, service, now),
    heartbeatHeavy: async (now = clock()) => (await load()).runHeavyHeartbeat(scope, service, now),
    preflight: async () => (await load()).preflight(tuning, deps.childEnv),
    async transitions(wizard, limit = 100) {
      const { readyStore, requireWizardRow } = await load()
      const ds = await readyStore(scope, clock())
      await requireWizardRow(scope, ds, wizard)
      return ds.transitions(wizard, limit)
    },
    async actions(wizard, limit = 100) {
      const { readyStore, requireWizardRow } = await load()
      const ds = await readyStore(scope, clock())
      if (wizard !== undefined) await requireWizardRow(scope, ds, wizard)
      return ds.actions(wizard, limit)
    },
  }
  return service
}
