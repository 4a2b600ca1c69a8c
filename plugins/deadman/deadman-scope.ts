/** The state one deadman service keeps between calls: tuning, the lazily opened store, the tick chain and caches. */
import type { Logger } from '../../core/log.js'
import type { DeadmanDeps } from './create-deadman.js'
import type { DeadmanStore } from './deadman-store.js'
import { resolveTuning, type Tuning } from './options.js'
import { type StampWarn, warnOncePerWizard } from './stamp.js'
import type { TickContext } from './tick.js'
import { type GiteaWatch, watchGitea } from './watch-gitea.js'

export interface DeadmanScope {
  deps: DeadmanDeps
  tuning: Tuning
  clock: () => number
  names: Set<string>
  log: Logger
  /** Opened on first use (see `readyStore`). */
  ds: DeadmanStore | undefined
  /** The store being opened (concurrent first calls wait for the same one). */
  opening?: Promise<DeadmanStore> | undefined
  giteaWatch: GiteaWatch
  /** The tail of serialised work (see `runSerially`). */
  chain: Promise<unknown>
  cache: TickContext['cache']
  stampWarn: StampWarn
}

export function createDeadmanScope(deps: DeadmanDeps): DeadmanScope {
  const tuning = resolveTuning(deps.options, deps.hermesHome)
  const log = deps.log
  return {
    deps,
    tuning,
    clock: deps.now ?? Date.now,
    names: new Set(tuning.wizards.keys()),
    log,
    ds: undefined,
    giteaWatch: watchGitea({
      gitea: deps.gitea ?? (() => undefined),
      queue: deps.queue ?? (() => undefined),
      log,
    }),
    chain: Promise.resolve(),
    cache: { records: new Map(), rev: -1 },
    stampWarn: warnOncePerWizard(log),
  }
}
