/** Raise a detector on a wizard: its flag, the transition row, the hook event and a pending alert. */
import type { WizardStateEvent } from '../../core/hooks.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { DeadmanTx } from './deadman-store.js'
import type { WizardRecord } from './evaluate-state.js'
import { iso } from './format-time.js'
import { recordAlert } from './raise-alert.js'
import type { TickContext } from './tick.js'
import type { ActionRecord } from './types.js'

/** An alert recorded in the transaction, delivered after it commits. */
export type Deliver = (effects: ReadonlyMap<string, { handler: EffectHandler }>) => Promise<ActionRecord>

/** Raise a detector on `r` inside transaction `tx` (caller saves `r`): flag, transition row, hook event, alert. */
export async function raiseDetector(
  ctx: TickContext,
  tx: DeadmanTx,
  r: WizardRecord,
  name: 'too-often' | 'start-without-finish',
  at: number,
  message: string,
  events: WizardStateEvent[],
): Promise<Deliver> {
  r.flags = [...r.flags, name]
  await tx.transition({ wizard: r.wizard, at, from: r.state, to: name, reason: message })
  events.push({
    wizard: r.wizard,
    source: 'deadman',
    at: iso(at),
    state: r.state,
    detector: name,
    reason: message,
  })
  const a = await recordAlert(
    tx,
    ctx.ds,
    {
      wizard: r.wizard,
      at,
      code: `detector:${name}`,
      title: `deadman: ${r.wizard} ${name}`,
      message: `wizard "${r.wizard}": ${message}`,
      incident: r.incident,
    },
    { dryRun: ctx.tuning.dryRun, alert: ctx.options.alert, log: ctx.log },
  )
  return (effects) => a.deliver(effects)
}
