/** A state change of one wizard: its bookkeeping (up since, incidents), the stored row and the hook event. */
import type { WizardRecord } from './evaluate-state.js'
import type { WizardTuning } from './options.js'
import type { TickRun } from './tick-run.js'
import type { WizardState } from './types.js'

const iso = (ms: number) => new Date(ms).toISOString()
const secs = (ms: number) => Math.round(ms / 100) / 10

export async function transition(
  run: TickRun,
  r: WizardRecord,
  w: WizardTuning,
  to: WizardState,
): Promise<void> {
  const { tx, now, report, events } = run
  const from = r.state
  const age = r.lastBeatAt === null ? null : now - r.lastBeatAt
  const reason =
    to === 'up'
      ? `beat from ${r.lastBeatSource ?? 'unknown'}`
      : to === 'late'
        ? `no beat for ${secs(age!)} s (period ${secs(w.periodMs)} s)`
        : to === 'down'
          ? age === null
            ? `no first beat within ${secs(w.periodMs + w.startGraceMs)} s`
            : `no beat for ${secs(age)} s (period ${secs(w.periodMs)} s + grace ${secs(w.graceMs)} s)`
          : to
  if (to === 'up' && (from !== 'late' || r.upSince === null)) r.upSince = r.lastBeatAt ?? now
  if (to === 'down') {
    r.upSince = null
    if (r.incident === null) {
      r.incident = await tx.openIncident(r.wizard, now)
      r.incidentRestarts = 0
      r.incidentRolledBack = false
    }
  }
  if (to === 'new' || to === 'paused') r.upSince = null
  r.state = to
  r.stateSince = now
  const t = { wizard: r.wizard, at: now, from, to, reason }
  await tx.transition(t)
  report.transitions.push(t)
  events.push({ wizard: r.wizard, source: 'deadman', at: iso(now), state: to, previous: from, reason })
}
