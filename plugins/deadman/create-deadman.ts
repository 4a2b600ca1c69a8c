/**
 * The deadman service: beats in, states out, bounded recovery. Everything is stored, so CLI commands in
 * another process and the `timmy serve` loop see one truth. Time comes from `now` (injectable).
 */
import { didYouMean } from '../../core/did-you-mean.js'
import { E } from '../../core/errors.js'
import type { HeartbeatEvent, Hooks } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { Store } from '../../core/store/store.js'
import type { GiteaService } from '../gitea/service.js'
import type { QueueService } from '../queue/host-queue.js'
import { isAlive, preflight, probeWizard } from './check-alive.js'
import { type DeadmanStore, openDeadmanStore } from './deadman-store.js'
import { COUNTED_KINDS, isTooOften } from './detect-too-often.js'
import { evaluateState, type WizardRecord } from './evaluate-state.js'
import { type DeadmanOptions, resolveTuning, type WizardTuning } from './options.js'
import { nextRestartAt } from './plan-recovery.js'
import { readStamp, touchStamp, warnOncePerWizard } from './stamp.js'
import { raiseDetector, type TickContext, tickOnce } from './tick.js'
import type { BeatInput, DeadmanService, DeployGenerations, WizardState, WizardStatus } from './types.js'
import { watchGitea } from './watch-gitea.js'

export interface DeadmanDeps {
  options: DeadmanOptions
  store: () => Promise<Store>
  hooks: { heartbeat: Hooks['heartbeat'] }
  log: Logger
  /** Effect handlers by kind (the host's registry); alerts go through `gitea.issue`/`gitea.comment`. */
  effects?: ReadonlyMap<string, { handler: EffectHandler }>
  deploy?: () => DeployGenerations | undefined
  /** The real `gitea` service (pinged by the heartbeat) and `queue` (failed work re-queued when Gitea is back). */
  gitea?: () => GiteaService | undefined
  queue?: () => QueueService | undefined
  now?: () => number
  /** Given to restart, check and probe commands as HERMES_HOME (unless a wizard's env sets it). */
  hermesHome?: string
}

export type Deadman = DeadmanService & {
  /** Whether Gitea answered the last `heartbeat` check (undefined: no gitea service). */
  readonly giteaReachable: boolean | undefined
}

export function createDeadman(deps: DeadmanDeps): Deadman {
  const tuning = resolveTuning(deps.options, deps.hermesHome)
  const clock = deps.now ?? Date.now
  const names = new Set(tuning.wizards.keys())
  const log = deps.log
  let ds: DeadmanStore | undefined
  const giteaWatch = watchGitea({
    gitea: deps.gitea ?? (() => undefined),
    queue: deps.queue ?? (() => undefined),
    log,
  })
  let chain: Promise<unknown> = Promise.resolve()
  const cache: TickContext['cache'] = { records: new Map(), rev: -1 }
  const stampWarn = warnOncePerWizard(log)

  const ready = async (now: number): Promise<DeadmanStore> => {
    if (!ds) {
      ds = openDeadmanStore(await deps.store())
      ds.ensure([...names], now)
    }
    return ds
  }
  const wizardOf = (wizard: string): WizardTuning => {
    const w = tuning.wizards.get(wizard)
    if (!w)
      throw E.DEADMAN_UNKNOWN_WIZARD({
        wizard,
        known: [...names].join(', '),
        suggestion: didYouMean(wizard, names),
      })
    return w
  }
  const fire = async (events: HeartbeatEvent[]) => {
    for (const e of events) await deps.hooks.heartbeat.promise(e)
  }
  const ctx = (): TickContext => ({
    ds: ds!,
    tuning,
    options: deps.options,
    log,
    effects: deps.effects ?? new Map(),
    deploy: deps.deploy ?? (() => undefined),
    fire,
    cache,
    stampWarn,
  })
  /** Serialise ticks (and beats' detector work) so a slow restart never overlaps the next tick. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn)
    chain = run.catch(() => {})
    return run
  }

  const statusOf = (r: WizardRecord, restarts: number, now: number): WizardStatus => {
    const w = tuning.wizards.get(r.wizard)!
    const state: WizardState = evaluateState(r, w, now)
    const blocked = r.active || restarts >= tuning.maxRetries
    return {
      wizard: r.wizard,
      state,
      stateSince: state === r.state ? r.stateSince : now,
      lastBeatAt: r.lastBeatAt,
      lastBeatSource: r.lastBeatSource,
      restartsInWindow: restarts,
      maxRetries: tuning.maxRetries,
      nextRestartAt: blocked || r.streak === 0 ? null : nextRestartAt(r, w, tuning),
      active: r.active,
      paused: r.paused,
      flags: r.flags,
      incident: r.incident,
      lastError: r.lastError,
    }
  }
  const one = (wizard: string, now: number): WizardStatus => {
    const r = ds!.get(wizard)!
    return statusOf(r, ds!.restartsInWindow(r, tuning.windowMs, now), now)
  }

  /** Record a beat inside a transaction; returns heartbeat events for detectors that fired. */
  const recordBeat = (wizard: string, at: number, source: string, kind: string, run?: string) => {
    const events: HeartbeatEvent[] = []
    const alerts: ReturnType<typeof raiseDetector>[] = []
    ds!.immediate(() => {
      ds!.beat(wizard, at, source, kind, COUNTED_KINDS.has(kind))
      const r = ds!.get(wizard)!
      const w = tuning.wizards.get(wizard)!
      if (kind === 'start') ds!.startRun(wizard, run ?? `auto-${at}`, at)
      if (kind === 'finish' && ds!.finishRun(wizard, run, at) && r.flags.includes('start-without-finish')) {
        if (!ds!.hasFlaggedOpenRun(wizard)) {
          r.flags = r.flags.filter((f) => f !== 'start-without-finish')
          ds!.transition({
            wizard,
            at,
            from: 'start-without-finish',
            to: r.state,
            reason: 'the run finished',
          })
          ds!.save(r)
        }
      }
      if (COUNTED_KINDS.has(kind) && !r.flags.includes('too-often')) {
        const count = ds!.countBeats(wizard, at - tuning.tooOften.windowMs)
        if (isTooOften(count, w.periodMs, tuning.tooOften)) {
          alerts.push(
            raiseDetector(
              ctx(),
              r,
              'too-often',
              at,
              `${count} beats in ${tuning.tooOften.windowMs / 1000} s, far more than one per ${w.periodMs / 1000} s: a crash loop?`,
              events,
            ),
          )
          ds!.save(r)
        }
      }
    })
    return { events, alerts }
  }

  const service: Deadman = {
    get dryRun() {
      return tuning.dryRun
    },
    get giteaReachable() {
      return giteaWatch.reachable
    },
    wizards: () => [...names],
    tick(now = clock()) {
      return serial(async () => {
        await ready(now)
        return tickOnce(ctx(), now)
      })
    },
    async beat(wizard, input: BeatInput = {}) {
      const w = wizardOf(wizard)
      const at = input.at ?? clock()
      await ready(at)
      const source = input.source ?? 'cli'
      // The stamp first: an untrusted stamp (a symlink, another user's file) fails the beat before it counts.
      if (source === 'cli') touchStamp(wizard, w.stamp, at)
      const { events, alerts } = recordBeat(wizard, at, source, input.kind ?? 'beat', input.run)
      for (const a of alerts) await a(deps.effects ?? new Map())
      await fire(events)
      if (source === 'cli') {
        ds!.immediate(() => {
          const r = ds!.get(wizard)!
          r.stampMtime = readStamp(wizard, w.stamp, undefined, stampWarn)
          ds!.save(r)
        })
      }
      return one(wizard, at)
    },
    async pause(wizard, now = clock()) {
      wizardOf(wizard)
      await ready(now)
      return setPaused(wizard, true, now)
    },
    async resume(wizard, now = clock()) {
      wizardOf(wizard)
      await ready(now)
      return setPaused(wizard, false, now)
    },
    async reset(wizard, now = clock()) {
      wizardOf(wizard)
      await ready(now)
      ds!.immediate(() => {
        const r = ds!.get(wizard)!
        if (r.incident !== null) ds!.closeIncident(r.incident, now)
        ds!.closeRuns(wizard, now)
        Object.assign(r, {
          active: false,
          streak: 0,
          lastRestartAt: null,
          incident: null,
          incidentRestarts: 0,
          incidentRolledBack: false,
          flags: [],
          lastError: null,
          resetAt: now,
          watchSince: now,
        })
        ds!.transition({ wizard, at: now, from: r.state, to: r.state, reason: 'reset by an operator' })
        ds!.save(r)
      })
      log.info({ wizard }, 'deadman reset: restart history, backoff and deadman_active cleared')
      return one(wizard, now)
    },
    async status(now = clock()) {
      await ready(now)
      const counts = ds!.restartCounts(tuning.windowMs, now)
      return ds!.load(names).map((r) => statusOf(r, counts.get(r.wizard) ?? 0, now))
    },
    async heartbeat(now = clock()) {
      await ready(now)
      for (const w of tuning.wizards.values()) {
        if (await isAlive(w, tuning.commandTimeoutMs))
          await service.beat(w.name, { at: now, source: 'check', kind: 'activity' })
      }
      const gitea = await giteaWatch.check(now)
      const report = await service.tick(now)
      return gitea ? { ...report, gitea } : report
    },
    async heartbeatHeavy(now = clock()) {
      await ready(now)
      const out: { wizard: string; ok: boolean; code?: string }[] = []
      for (const w of tuning.wizards.values()) {
        if (!w.probe) continue
        const res = await probeWizard(w, tuning.commandTimeoutMs)
        const ok = res.code === 0
        ds!.action(w.name, now, 'probe', false, ok ? 'ok' : 'failed', { argv: w.probe, code: res.code }, null)
        if (ok) await service.beat(w.name, { at: now, source: 'probe', kind: 'activity' })
        else {
          const err = E.DEADMAN_PROBE_FAILED({
            wizard: w.name,
            command: w.probe.join(' '),
            reason: res.notFound ? 'the command does not exist' : `exit code ${res.code}`,
          })
          log.warn({ code: err.code, wizard: w.name }, err.bare)
        }
        out.push({ wizard: w.name, ok, ...(ok ? {} : { code: 'TIMMY_ERR_DEADMAN_PROBE_FAILED' }) })
      }
      return out
    },
    preflight: () => preflight(tuning),
    async transitions(wizard, limit = 100) {
      wizardOf(wizard)
      await ready(clock())
      return ds!.transitions(wizard, limit)
    },
    async actions(wizard, limit = 100) {
      if (wizard !== undefined) wizardOf(wizard)
      await ready(clock())
      return ds!.actions(wizard, limit)
    },
  }

  const setPaused = async (wizard: string, paused: boolean, now: number) => {
    const events: HeartbeatEvent[] = []
    ds!.immediate(() => {
      const r = ds!.get(wizard)!
      if (r.paused === paused) return
      r.paused = paused
      // Resuming starts a new watch: the start grace applies until the next beat.
      if (!paused) r.watchSince = now
      const to = evaluateState(r, tuning.wizards.get(wizard)!, now)
      const reason = paused ? 'paused by an operator' : 'resumed by an operator'
      ds!.transition({ wizard, at: now, from: r.state, to, reason })
      events.push({
        wizard,
        source: 'deadman',
        at: new Date(now).toISOString(),
        state: to,
        previous: r.state,
        reason,
      })
      Object.assign(r, { state: to, stateSince: now, upSince: to === 'up' ? now : null })
      ds!.save(r)
    })
    await fire(events)
    return one(wizard, now)
  }

  return service
}
