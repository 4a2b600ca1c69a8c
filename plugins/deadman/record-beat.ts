/** Record a beat inside a transaction (the wizard row locked on PostgreSQL, so a detector fires once) (runs, the too-often detector); returns the hook events and alerts it raised. */
import type { WizardStateEvent } from '../../core/hooks.js'
import type { DeadmanScope } from './deadman-scope.js'
import { COUNTED_KINDS, isTooOften } from './detect-too-often.js'
import { type Deliver, raiseDetector } from './raise-detector.js'
import { tickContextOf } from './tick-context-of.js'

export async function recordBeat(
  scope: DeadmanScope,
  wizard: string,
  at: number,
  source: string,
  kind: string,
  run?: string,
): Promise<{ events: WizardStateEvent[]; alerts: Deliver[] }> {
  const ds = scope.ds!
  const { tuning } = scope
  const events: WizardStateEvent[] = []
  const alerts: Deliver[] = []
  await ds.transaction(async (tx) => {
    await tx.beat(wizard, at, source, kind, COUNTED_KINDS.has(kind))
    const r = (await tx.get(wizard))!
    const w = tuning.wizards.get(wizard)!
    if (kind === 'start') await tx.startRun(wizard, run ?? `auto-${at}`, at)
    if (
      kind === 'finish' &&
      (await tx.finishRun(wizard, run, at)) &&
      r.flags.includes('start-without-finish')
    ) {
      if (!(await tx.hasFlaggedOpenRun(wizard))) {
        r.flags = r.flags.filter((f) => f !== 'start-without-finish')
        await tx.transition({
          wizard,
          at,
          from: 'start-without-finish',
          to: r.state,
          reason: 'the run finished',
        })
        await tx.save(r)
      }
    }
    if (COUNTED_KINDS.has(kind) && !r.flags.includes('too-often')) {
      const count = await tx.countBeats(wizard, at - tuning.tooOften.windowMs)
      if (isTooOften(count, w.periodMs, tuning.tooOften)) {
        alerts.push(
          await raiseDetector(
            tickContextOf(scope),
            tx,
            r,
            'too-often',
            at,
            `${count} beats in ${tuning.tooOften.windowMs / 1000} s, far more than one per ${w.periodMs / 1000} s: a crash loop?`,
            events,
          ),
        )
        await tx.save(r)
      }
    }
  })
  return { events, alerts }
}
