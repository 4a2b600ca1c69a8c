/**
 * Bounded, backed-off recovery, as a pure decision. The first restart of a streak is immediate, the
 * next ones wait base × factor^(n-1) capped at cap (Kubernetes' CrashLoopBackOff), the streak resets
 * after a healthy period (unlike systemd's), and at most maxRetries restarts run per window; then
 * deadman stops (deadman_active) and a human is alerted.
 */
import type { WizardRecord } from './evaluate-state.js'
import type { Tuning, WizardTuning } from './options.js'

/** Delay before the next restart when `streak` restarts already ran in this streak. */
export function backoffDelay(streak: number, b: Tuning['backoff']): number {
  if (streak <= 0) return 0
  return Math.min(b.capMs, b.baseMs * b.factor ** (streak - 1))
}

export type RecoveryPlan =
  | { kind: 'none' }
  | { kind: 'wait'; until: number; reason: 'backoff' | 'starting' }
  | { kind: 'exhausted' }
  | { kind: 'restart'; rollback: boolean }

/** When the next restart may run (ignoring maxRetries). */
export function nextRestartAt(
  r: WizardRecord,
  w: Pick<WizardTuning, 'startGraceMs'>,
  t: Tuning,
): number | null {
  if (r.lastRestartAt === null) return null
  let at = r.lastRestartAt + backoffDelay(r.streak, t.backoff)
  // A restarted agent that has not beaten since gets its start grace before the next restart.
  if ((r.lastBeatAt ?? Number.NEGATIVE_INFINITY) < r.lastRestartAt)
    at = Math.max(at, r.lastRestartAt + w.startGraceMs)
  return at
}

export function planRecovery(
  r: WizardRecord,
  w: Pick<WizardTuning, 'startGraceMs'>,
  t: Tuning,
  restartsInWindow: number,
  now: number,
): RecoveryPlan {
  if (r.state !== 'down' || r.active || r.paused) return { kind: 'none' }
  const next = r.streak === 0 ? null : nextRestartAt(r, w, t)
  if (next !== null && now < next) {
    const starting =
      (r.lastBeatAt ?? Number.NEGATIVE_INFINITY) < r.lastRestartAt! &&
      next === r.lastRestartAt! + w.startGraceMs
    return { kind: 'wait', until: next, reason: starting ? 'starting' : 'backoff' }
  }
  if (restartsInWindow >= t.maxRetries) return { kind: 'exhausted' }
  const rollback =
    t.rollback.enabled && !r.incidentRolledBack && r.incidentRestarts >= t.rollback.afterRestarts
  return { kind: 'restart', rollback }
}
