/**
 * One evaluation of every wizard: read stamps, compute states, run the detectors, plan recovery — all
 * decided and recorded in one `BEGIN IMMEDIATE` transaction (a restart is counted before it runs, so a
 * crash mid-restart can never cause a runaway) — then fire the `heartbeat` hook and do the actions.
 */
import { E, type TimmyError } from '../../core/errors.js'
import type { HeartbeatEvent } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import { transition } from './apply-transition.js'
import type { DeadmanStore } from './deadman-store.js'
import { isTooOften } from './detect-too-often.js'
import { evaluateState, type WizardRecord } from './evaluate-state.js'
import type { DeadmanOptions, Tuning, WizardTuning } from './options.js'
import { planRecovery } from './plan-recovery.js'
import { recordAlert } from './raise-alert.js'
import { restartWizard, rollbackOverlay } from './recover.js'
import { readStamp, type StampWarn } from './stamp.js'
import type { ActionRecord, DeployGenerations, TickReport } from './types.js'

export interface TickContext {
  ds: DeadmanStore
  tuning: Tuning
  options: DeadmanOptions
  log: Logger
  effects: ReadonlyMap<string, { handler: EffectHandler }>
  deploy: () => DeployGenerations | undefined
  fire(events: HeartbeatEvent[]): Promise<void>
  /** Records kept between ticks; only rows changed since `rev` are read again. */
  cache: { records: Map<string, WizardRecord>; rev: number }
  /** Hears why a stamp was ignored (another user's, a symlink); warns once per wizard. */
  stampWarn?: StampWarn
}

type Deliver = (effects: ReadonlyMap<string, { handler: EffectHandler }>) => Promise<ActionRecord>

const iso = (ms: number) => new Date(ms).toISOString()
const secs = (ms: number) => Math.round(ms / 100) / 10

/** Raise a detector on `r` (caller saves `r`): flag, transition row, hook event, alert. */
export function raiseDetector(
  ctx: TickContext,
  r: WizardRecord,
  name: 'too-often' | 'start-without-finish',
  at: number,
  message: string,
  events: HeartbeatEvent[],
): Deliver {
  r.flags = [...r.flags, name]
  ctx.ds.transition({ wizard: r.wizard, at, from: r.state, to: name, reason: message })
  events.push({
    wizard: r.wizard,
    source: 'deadman',
    at: iso(at),
    state: r.state,
    detector: name,
    reason: message,
  })
  const a = recordAlert(
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

export async function tickOnce(ctx: TickContext, now: number): Promise<TickReport> {
  const { ds, tuning, log } = ctx
  const report: TickReport = { at: now, transitions: [], actions: [], errors: [] }
  const events: HeartbeatEvent[] = []
  const deliveries: Deliver[] = []
  const rollbacks: { wizard: string; incident: number | null }[] = []
  const restarts: { w: WizardTuning; action: ActionRecord }[] = []
  const noteError = (r: WizardRecord, err: TimmyError) => {
    if (r.lastError === err.code) return false
    r.lastError = err.code
    log.error({ code: err.code, wizard: r.wizard }, err.bare)
    report.errors.push({ wizard: r.wizard, code: err.code, message: err.bare })
    return true
  }

  // Stamps are read outside the transaction (file system), then applied inside it.
  const stamps = new Map<string, number | null | TimmyError>()
  const checked = new Map<string, unknown>()
  for (const w of tuning.wizards.values()) {
    try {
      stamps.set(w.name, readStamp(w.name, w.stamp, checked, ctx.stampWarn))
    } catch (err) {
      stamps.set(w.name, err as TimmyError)
    }
  }
  const minMaxRun = Math.min(...[...tuning.wizards.values()].map((w) => w.maxRunMs))
  const { cache } = ctx
  try {
    ds.immediate(() => decide())
  } catch (err) {
    // The cached records may hold changes that were rolled back: read everything again next time.
    cache.records.clear()
    cache.rev = -1
    throw err
  }

  await ctx.fire(events)
  // Rollbacks first, one at a time (they share the overlay), then restarts side by side.
  let rolledThisTick: string | undefined
  for (const rb of rollbacks) {
    const done = await rollbackOverlay(ctx, rb.wizard, rb.incident, now, rolledThisTick, report)
    if (done) rolledThisTick = rb.wizard
  }
  await Promise.all(restarts.map(({ w, action }) => restartWizard(ctx, w, action, report)))
  for (const d of deliveries) {
    const rec = await d(ctx.effects)
    const i = report.actions.findIndex((a) => a.id === rec.id)
    if (i >= 0) report.actions[i] = rec
    else report.actions.push(rec)
  }
  return report

  /** Everything decided in the transaction (records are mutated in place and saved when dirty). */
  function decide() {
    const changed = ds.changedSince(cache.rev)
    for (const r of changed.records) if (tuning.wizards.has(r.wizard)) cache.records.set(r.wizard, r)
    cache.rev = changed.rev
    const stuck = new Map<string, { run: string; started_at: number }[]>()
    for (const s of ds.stuckRuns(now - minMaxRun)) stuck.set(s.wizard, [...(stuck.get(s.wizard) ?? []), s])
    for (const r of cache.records.values()) {
      const w = tuning.wizards.get(r.wizard)!
      let dirty = false
      // (c) the stamp file: a changed mtime is a beat, observed now.
      const s = stamps.get(r.wizard)
      if (s instanceof Error) dirty = noteError(r, s) || dirty
      else {
        if (r.lastError === 'TIMMY_ERR_DEADMAN_STAMP_DIR') {
          r.lastError = null
          dirty = true
        }
        if (s !== null && s !== undefined && s !== r.stampMtime) {
          const fresh = r.stampMtime === null ? s >= now - w.periodMs - w.graceMs : s > r.stampMtime
          r.stampMtime = s
          dirty = true
          if (fresh) {
            ds.beat(r.wizard, now, 'stamp', 'beat', true)
            if (r.lastBeatAt === null || r.lastBeatAt < now) r.lastBeatAt = now
            r.lastBeatSource = 'stamp'
            if (!r.flags.includes('too-often')) {
              const n = ds.countBeats(r.wizard, now - tuning.tooOften.windowMs)
              if (isTooOften(n, w.periodMs, tuning.tooOften))
                deliveries.push(
                  raiseDetector(
                    ctx,
                    r,
                    'too-often',
                    now,
                    `${n} beats in ${secs(tuning.tooOften.windowMs)} s, far more than one per ${secs(w.periodMs)} s: a crash loop?`,
                    events,
                  ),
                )
            }
          }
        }
      }
      // States.
      const to = evaluateState(r, w, now)
      if (to !== r.state) {
        transition(ctx, r, w, to, now, report, events)
        dirty = true
      }
      // A healthy period closes the incident and resets the backoff (Kubernetes does; systemd does not).
      if (r.state === 'up' && r.upSince !== null && now - r.upSince >= tuning.healthyResetMs) {
        if (r.streak > 0 || r.incident !== null) {
          if (r.incident !== null) ds.closeIncident(r.incident, now)
          Object.assign(r, { streak: 0, incident: null, incidentRestarts: 0, incidentRolledBack: false })
          log.info({ wizard: r.wizard }, 'deadman: healthy period reached, backoff reset and incident closed')
          dirty = true
        }
      }
      // Detector: a run that started and never finished.
      for (const run of stuck.get(r.wizard) ?? []) {
        if (run.started_at >= now - w.maxRunMs) continue
        ds.flagRun(r.wizard, run.run)
        if (!r.flags.includes('start-without-finish')) {
          const msg = `run "${run.run}" started at ${iso(run.started_at)} and has not finished after ${secs(now - run.started_at)} s (limit ${secs(w.maxRunMs)} s)`
          deliveries.push(raiseDetector(ctx, r, 'start-without-finish', now, msg, events))
          dirty = true
        }
      }
      // Detector: too-often clears once the window is calm again.
      if (r.flags.includes('too-often')) {
        const n = ds.countBeats(r.wizard, now - tuning.tooOften.windowMs)
        if (!isTooOften(n, w.periodMs, tuning.tooOften)) {
          r.flags = r.flags.filter((f) => f !== 'too-often')
          ds.transition({
            wizard: r.wizard,
            at: now,
            from: 'too-often',
            to: r.state,
            reason: 'beats back to normal',
          })
          dirty = true
        }
      }
      // Recovery.
      if (r.state === 'down' && !r.active) {
        const plan = planRecovery(r, w, tuning, ds.restartsInWindow(r, tuning.windowMs, now), now)
        if (plan.kind === 'restart') {
          if (!w.restart) dirty = noteError(r, E.DEADMAN_NO_RESTART({ wizard: r.wizard })) || dirty
          else {
            if (plan.rollback) {
              r.incidentRolledBack = true
              rollbacks.push({ wizard: r.wizard, incident: r.incident })
            }
            const action = ds.action(
              r.wizard,
              now,
              'restart',
              tuning.dryRun,
              tuning.dryRun ? 'planned' : 'running',
              { argv: w.restart, attempt: r.streak + 1, afterRollback: plan.rollback },
              r.incident,
            )
            r.lastRestartAt = now
            r.streak++
            r.incidentRestarts++
            dirty = true
            report.actions.push(action)
            log.warn(
              { wizard: r.wizard, attempt: r.streak, argv: w.restart, dryRun: tuning.dryRun },
              tuning.dryRun ? 'deadman would restart (dry run)' : 'deadman is restarting a silent wizard',
            )
            if (!tuning.dryRun) restarts.push({ w, action })
          }
        } else if (plan.kind === 'exhausted') {
          r.active = true
          dirty = true
          const restartsDone = ds.restartsInWindow(r, tuning.windowMs, now)
          const err = E.DEADMAN_RETRIES_EXHAUSTED({
            wizard: r.wizard,
            restarts: restartsDone,
            windowSeconds: secs(tuning.windowMs),
          })
          const reason = 'retries exhausted: deadman_active set, waiting for a human'
          ds.transition({ wizard: r.wizard, at: now, from: r.state, to: r.state, reason })
          events.push({
            wizard: r.wizard,
            source: 'deadman',
            at: iso(now),
            state: r.state,
            previous: r.state,
            active: true,
            reason,
          })
          const a = recordAlert(
            ds,
            {
              wizard: r.wizard,
              at: now,
              code: err.code,
              title: `deadman: ${r.wizard} is down and needs a human`,
              message: err.bare,
              incident: r.incident,
            },
            { dryRun: tuning.dryRun, alert: ctx.options.alert, log },
          )
          report.actions.push(a.record)
          deliveries.push((effects) => a.deliver(effects))
        }
      }
      if (dirty) ds.save(r)
    }
    ds.pruneBeats(now - 2 * tuning.tooOften.windowMs)
  }
}
