/**
 * The deadman service (`host.maybeUse('deadman')`) and the deploy interface it needs.
 * Times are epoch milliseconds; every method that depends on time takes an optional `now`.
 */

/** Detection states, after healthchecks.io: `late` = past the period, within the grace. */
export type WizardState = 'new' | 'up' | 'late' | 'down' | 'paused'

/**
 * What a beat says. `activity` (any Hermes session event) only proves life; `beat` (stamp, CLI,
 * liveness check, probe) and `boot` (the agent process started) also feed the too-often detector;
 * `start`/`finish` open and close a run for the start-without-finish detector.
 */
export type BeatKind = 'activity' | 'beat' | 'boot' | 'start' | 'finish'

export interface BeatInput {
  source?: string
  kind?: BeatKind
  /** Run id for `start`/`finish` (a session id); a `finish` without one closes the oldest open run. */
  run?: string
  at?: number
}

/** One wizard as `timmy deadman status` shows it. */
export interface WizardStatus {
  wizard: string
  state: WizardState
  stateSince: number
  lastBeatAt: number | null
  lastBeatSource: string | null
  /** Restarts counted against maxRetries (inside the window, since the last reset). */
  restartsInWindow: number
  maxRetries: number
  /** When the next restart may run (null: none pending or none allowed). */
  nextRestartAt: number | null
  /** deadman_active: retries exhausted, a human was alerted, no more restarts until `reset`. */
  active: boolean
  paused: boolean
  /** Detectors currently raised: `too-often`, `start-without-finish`. */
  flags: string[]
  incident: number | null
  lastError: string | null
  /** The host that runs it (its id), when the tables live on PostgreSQL (`store.url`). */
  host?: string
}

export interface TransitionEvent {
  wizard: string
  at: number
  from: string
  to: string
  reason: string
}

export interface ActionRecord {
  id: number
  wizard: string
  at: number
  kind: 'restart' | 'rollback' | 'alert' | 'probe'
  dryRun: boolean
  outcome: 'planned' | 'running' | 'ok' | 'failed'
  detail: Record<string, unknown>
  incident: number | null
}

export interface TickReport {
  at: number
  transitions: TransitionEvent[]
  actions: ActionRecord[]
  /** Coded errors met during the tick (the loop keeps going). */
  errors: { wizard: string; code: string; message: string }[]
  /** The `heartbeat` task's Gitea check (absent without a `gitea` service, and on a plain tick). */
  gitea?: GiteaCheck
}

export interface DeadmanService {
  readonly dryRun: boolean
  wizards(): string[]
  /** Evaluate every wizard once: stamps, states, detectors, recovery. Serialised; safe to call often. */
  tick(now?: number): Promise<TickReport>
  /** Record a beat (touches the stamp file too when `source` is `cli`). Unknown wizard → coded error. */
  beat(wizard: string, input?: BeatInput): Promise<WizardStatus>
  pause(wizard: string, now?: number): Promise<WizardStatus>
  resume(wizard: string, now?: number): Promise<WizardStatus>
  /** Clear deadman_active, restart history, backoff, incident and detectors. */
  reset(wizard: string, now?: number): Promise<WizardStatus>
  status(now?: number): Promise<WizardStatus[]>
  /** The `heartbeat` task: liveness checks (pid file / check argv) and Gitea reachability, then a tick. */
  heartbeat(now?: number): Promise<TickReport>
  /** The `heartbeat_heavy` task: each wizard's model health probe. */
  heartbeatHeavy(now?: number): Promise<{ wizard: string; ok: boolean; code?: string }[]>
  /** Problems found without running anything: restart/check/probe commands missing, stamp folders unusable. */
  preflight(): Promise<{ wizard: string; code: string; message: string }[]>
  transitions(wizard: string, limit?: number): Promise<TransitionEvent[]>
  actions(wizard?: string, limit?: number): Promise<ActionRecord[]>
}

/** A deploy generation as the deploy area reports it. */
export interface GenerationInfo {
  id: number
  live: boolean
  knownGood: boolean
}

/**
 * What deadman needs from the `deploy` service to roll the Hermes overlay back: the real DeployService,
 * looked up lazily and adapted by deploy-adapter.ts; absent → no rollback (logged).
 */
export interface DeployGenerations {
  generations(): GenerationInfo[] | Promise<GenerationInfo[]>
  rollback(to: number): Promise<unknown>
}

/** The heartbeat's Gitea check (plugins/deadman/watch-gitea.ts). */
export interface GiteaCheck {
  reachable: boolean
  /** Ids of failed queue jobs queued again because Gitea answered again. */
  requeued: number[]
  error?: string
}

declare module '../../core/plugin.js' {
  interface Services {
    deadman: DeadmanService
  }
}
