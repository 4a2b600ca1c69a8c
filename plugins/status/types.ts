/**
 * What `timmy status`, the status page and its JSON (`/status.json`) show: one snapshot of the
 * fleet, gathered through the other plugins' services. A section is absent when its plugin is not
 * loaded; `error` says why a section could not be read (the rest is still shown).
 */
import type { HousekeepingResult } from '../housekeeping/types.js'
import type { FleetSection } from './fleet-section.js'
import type { HostsSection } from './hosts-section.js'

export interface QueueSection {
  /** Queued jobs per task (the depth), running jobs per task, failures in the last 24 h per task. */
  tasks: { task: string; queued: number; running: number; failed24h: number; paused: boolean }[]
  queued: number
  running: number
  failed24h: number
  /** The next scheduled runs, soonest first (at most 5). */
  next: { schedule: string; task: string; at: string | null }[]
  /** Per hour over the last 24 h: jobs started, done, failed (all tasks). */
  throughput: { hour: string; started: number; done: number; failed: number }[]
  /** Queued jobs sampled each minute by `timmy serve` over the last hour (null: no sample that minute). */
  depthPerMinute: { minute: string; depth: number | null }[]
}

export interface BudgetRow {
  name: string
  window: string
  spentTokens: number
  capTokens: number | null
  spentCost: number
  capCost: number | null
  percent: number
  paused: boolean
  /** Tokens counted against the budget on each of the last 7 UTC days (oldest first). */
  daily: number[]
}

export interface BudgetSection {
  budgets: BudgetRow[]
  /** Start (ISO) of each of the last 7 UTC days. */
  days: string[]
  /** Hourly token spend over the last 7 days per budget and per model (for the plots). */
  hours: string[]
  hourlyByBudget: Record<string, number[]>
  hourlyByModel: Record<string, number[]>
}

export interface WizardRow {
  wizard: string
  state: string
  since: string
  lastBeat: string | null
  restarts: number
  active: boolean
}

export interface DeadmanSection {
  wizards: WizardRow[]
  /** State changes, oldest first (the last 50 per wizard). */
  timeline: { wizard: string; at: string; from: string; to: string; reason: string }[]
}

export interface DeploySection {
  live: number | null
  lastKnownGood: number | null
  lastDeploy: { generation: number; at: string; commit?: string } | null
  generations: { generation: number; at: string; live: boolean; bad: boolean; files: number }[]
  /** Drift between declared schedules and what Hermes and the queue hold. */
  drift: { fresh: boolean; items: string[] } | null
}

export interface BridgeSection {
  /** Events in the last full minute and the average over the last hour. */
  eventsLastMinute: number
  eventsPerMinuteHour: number
  received: number | null
  vetoes: number | null
  /** Events per minute over the last hour (oldest first). */
  perMinute: { minute: string; events: number }[]
  /** Whether the counters came from a running `timmy serve`. */
  live: boolean
  /** Why they did not: `not running` (no live bridge.json), `unreachable`; absent when live. */
  down?: 'not running' | 'unreachable'
}

export interface GiteaSection {
  reachable: boolean
  openIssuesByLane: Record<string, number>
  pulls: { repo: string; number: number; title: string; gate: string }[]
}

export interface HousekeepingSection {
  last: HousekeepingResult | null
}

type Section<T> = (T & { error?: undefined }) | { error: string }

export interface StatusSnapshot {
  at: string
  version: string
  plugins: string[]
  queue?: Section<QueueSection>
  budget?: Section<BudgetSection>
  deadman?: Section<DeadmanSection>
  deploy?: Section<DeploySection>
  bridge?: Section<BridgeSection>
  gitea?: Section<GiteaSection>
  housekeeping?: Section<HousekeepingSection>
  hosts?: Section<HostsSection>
  fleet?: Section<FleetSection>
}

/** The `status` service (plugins/status): one snapshot now. */
export interface StatusService {
  snapshot(opts?: { now?: number; gitea?: boolean }): Promise<StatusSnapshot>
}

declare module '../../core/plugin.js' {
  interface Services {
    status: StatusService
  }
}
