/**
 * Deadman's storage contract (all times are epoch ms), the same on the host's SQLite store and on
 * PostgreSQL (`store.url`, through the `postgres` service): asynchronous. The store is the source of
 * truth, so `timmy deadman beat|pause|resume|reset` in another process (or on another host) is seen by
 * the next tick. Decisions that must happen once run in `transaction`: on SQLite one `BEGIN IMMEDIATE`
 * (the whole file is locked), on PostgreSQL the wizard rows read in it are `FOR UPDATE`, so two ticks
 * on one wizard take turns and the second sees what the first decided (one alert, one restart).
 * SQLite: `store/sqlite-deadman.ts`; PostgreSQL: `store/pg-deadman.ts`; chosen by `open-deadman-store.ts`.
 */
import type { WizardRecord } from './evaluate-state.js'
import type { ActionRecord, TransitionEvent } from './types.js'

export type { WizardRecord }

/** A run open longer than its wizard's limit (start-without-finish). */
export interface StuckRunRow {
  wizard: string
  run: string
  started_at: number
}

/** Every read and write deadman does; inside `transaction` they share its lock and its outcome. */
export interface DeadmanTx {
  /** Create the rows of wizards never seen (state `new`, watched from `now`), owned by this host. */
  ensure(names: readonly string[], now: number): Promise<void>
  /** Rows of `names` (all rows without it; on PostgreSQL every host's wizards). */
  load(names?: ReadonlySet<string>): Promise<WizardRecord[]>
  /**
   * The rows a tick decides on, with the newest revision: on SQLite those written since `rev` (the
   * transaction holds the file); on PostgreSQL every row this host owns, locked `FOR UPDATE`.
   */
  changedSince(rev: number): Promise<{ records: WizardRecord[]; rev: number }>
  /** One row (locked until the end of the transaction on PostgreSQL when inside one). */
  get(wizard: string): Promise<WizardRecord | undefined>
  save(r: WizardRecord): Promise<void>
  /** The last beat on the wizard row (never moved back), and a counted beat row when `counted`. */
  beat(wizard: string, at: number, source: string, kind: string, counted: boolean): Promise<void>
  countBeats(wizard: string, since: number): Promise<number>
  pruneBeats(before: number): Promise<void>
  startRun(wizard: string, run: string, at: number): Promise<void>
  /** Close `run` (or the oldest open run); whether a run was closed. */
  finishRun(wizard: string, run: string | undefined, at: number): Promise<boolean>
  stuckRuns(startedBefore: number): Promise<StuckRunRow[]>
  flagRun(wizard: string, run: string): Promise<void>
  hasFlaggedOpenRun(wizard: string): Promise<boolean>
  closeRuns(wizard: string, at: number): Promise<void>
  transition(e: TransitionEvent): Promise<void>
  transitions(wizard: string, limit: number): Promise<TransitionEvent[]>
  action(
    wizard: string,
    at: number,
    kind: ActionRecord['kind'],
    dryRun: boolean,
    outcome: ActionRecord['outcome'],
    detail: Record<string, unknown>,
    incident: number | null,
  ): Promise<ActionRecord>
  finishAction(
    id: number,
    outcome: ActionRecord['outcome'],
    detail: Record<string, unknown>,
  ): Promise<ActionRecord>
  actions(wizard: string | undefined, limit: number): Promise<ActionRecord[]>
  /** Restarts of `r` counted against maxRetries: inside the window and since its last reset. */
  restartsInWindow(r: WizardRecord, windowMs: number, now: number): Promise<number>
  restartCounts(windowMs: number, now: number): Promise<Map<string, number>>
  openIncident(wizard: string, at: number): Promise<number>
  closeIncident(id: number, at: number): Promise<void>
  /** Note the incident's rollback and (unless a dry run) remember the generation left, never to return to it. */
  recordRollback(
    incident: number | null,
    from: number,
    to: number,
    wizard: string,
    at: number,
    dryRun: boolean,
  ): Promise<void>
  /** The Gitea issue the first delivered alert of `incident` opened, if any. */
  alertIssueOf(incident: number): Promise<{ repo: string; issue: number } | undefined>
  /** Generations this host's deadman rolled away from. */
  rolledAway(): Promise<Set<number>>
}

export interface DeadmanStore extends DeadmanTx {
  readonly kind: 'sqlite' | 'postgres'
  /** This host's id (PostgreSQL rows carry it as `owner`; a wizard row belongs to the host that runs it). */
  readonly owner: string
  /** Run `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: DeadmanTx) => Promise<T>): Promise<T>
}
