/** What one tick gathers while it decides: the report, hook events, and the actions to do after the commit. */
import type { TimmyError } from '../../core/errors.js'
import type { WizardStateEvent } from '../../core/hooks.js'
import type { DeadmanTx } from './deadman-store.js'
import type { WizardTuning } from './options.js'
import type { Deliver } from './raise-detector.js'
import type { TickContext } from './tick.js'
import type { ActionRecord, TickReport } from './types.js'

export interface TickRun {
  ctx: TickContext
  /** The tick's transaction: every decision reads and writes through it. */
  tx: DeadmanTx
  now: number
  report: TickReport
  events: WizardStateEvent[]
  deliveries: Deliver[]
  rollbacks: { wizard: string; incident: number | null }[]
  restarts: { w: WizardTuning; action: ActionRecord }[]
  /** Stamp mtimes read before the transaction (null: no stamp; an error: an untrusted stamp). */
  stamps: Map<string, number | null | TimmyError>
}

/** An empty run of one tick at `now`. */
export function startTickRun(
  ctx: TickContext,
  tx: DeadmanTx,
  now: number,
  stamps: TickRun['stamps'],
): TickRun {
  return {
    ctx,
    tx,
    now,
    report: { at: now, transitions: [], actions: [], errors: [] },
    events: [],
    deliveries: [],
    rollbacks: [],
    restarts: [],
    stamps,
  }
}
