/** The context a tick (and a beat's detectors) work in; the store must be ready (see `readyStore`). */
import type { DeadmanScope } from './deadman-scope.js'
import { fireHeartbeats } from './fire-heartbeats.js'
import type { TickContext } from './tick.js'

export function tickContextOf(scope: DeadmanScope): TickContext {
  return {
    ds: scope.ds!,
    tuning: scope.tuning,
    options: scope.deps.options,
    log: scope.log,
    effects: scope.deps.effects ?? new Map(),
    deploy: scope.deps.deploy ?? (() => undefined),
    childEnv: scope.deps.childEnv,
    fire: (events) => fireHeartbeats(scope, events),
    cache: scope.cache,
    stampWarn: scope.stampWarn,
  }
}
