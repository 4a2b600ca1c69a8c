/** Record a wizard's error once (logged and reported only when its code changes); returns whether `r` changed. */
import type { TimmyError } from '../../core/errors.js'
import type { WizardRecord } from './evaluate-state.js'
import type { TickRun } from './tick-run.js'

export function noteTickError(run: TickRun, r: WizardRecord, err: TimmyError): boolean {
  if (r.lastError === err.code) return false
  r.lastError = err.code
  run.ctx.log.error({ code: err.code, wizard: r.wizard }, err.bare)
  run.report.errors.push({ wizard: r.wizard, code: err.code, message: err.bare })
  return true
}
