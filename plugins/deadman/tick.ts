/**
 * One evaluation of every wizard: read stamps, compute states, run the detectors, plan recovery — all
 * decided and recorded in one store transaction (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: this host's
 * wizard rows `FOR UPDATE`, so a second tick on them waits and then sees what this one decided; a
 * restart is counted before it runs, so a crash mid-restart can never cause a runaway) — then fire the `heartbeat` hook and do the actions.
 */

import type { WizardStateEvent } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { HermesService } from '../hermes/types.js'
import { carryOutTick } from './carry-out-tick.js'
import type { DeadmanStore } from './deadman-store.js'
import { decideTick } from './decide-tick.js'
import type { WizardRecord } from './evaluate-state.js'
import type { DeadmanOptions, Tuning } from './options.js'
import { readStamps } from './read-stamps.js'
import type { StampWarn } from './stamp.js'
import { startTickRun, type TickRun } from './tick-run.js'
import type { DeployGenerations, TickReport } from './types.js'

export { raiseDetector } from './raise-detector.js'

export interface TickContext {
  ds: DeadmanStore
  tuning: Tuning
  options: DeadmanOptions
  log: Logger
  effects: ReadonlyMap<string, { handler: EffectHandler }>
  deploy: () => DeployGenerations | undefined
  /** The hermes service's allow-listed child environment (restart commands). */
  childEnv: HermesService['childEnv']
  fire(events: WizardStateEvent[]): Promise<void>
  /** Records kept between ticks; only rows changed since `rev` are read again. */
  cache: { records: Map<string, WizardRecord>; rev: number }
  /** Hears why a stamp was ignored (another user's, a symlink); warns once per wizard. */
  stampWarn?: StampWarn
}

export async function tickOnce(ctx: TickContext, now: number): Promise<TickReport> {
  // Stamps are read outside the transaction (file system), then applied inside it.
  const stamps = readStamps(ctx)
  let run: TickRun
  try {
    run = await ctx.ds.transaction(async (tx) => {
      const decided = startTickRun(ctx, tx, now, stamps)
      await decideTick(decided)
      return decided
    })
  } catch (err) {
    // The cached records may hold changes that were rolled back: read everything again next time.
    ctx.cache.records.clear()
    ctx.cache.rev = -1
    throw err
  }
  await ctx.fire(run.events)
  await carryOutTick(run)
  return run.report
}
