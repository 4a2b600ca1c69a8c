/**
 * The `hosts` service: every `timmy serve` that shares this store (one SQLite file, or every host on
 * one PostgreSQL `store.url`), as rows it registers and beats. Times are epoch milliseconds; every
 * method that depends on time takes an optional `now`.
 */

/** `live`: beating; `silent`: no beat for `silentAfterSeconds`; `stopped`: shut down cleanly. */
export type HostState = 'live' | 'silent' | 'stopped'

/** A wizard as the host's deadman saw it at its last beat. */
export interface HostWizard {
  wizard: string
  state: string
}

/** One row of the `hosts` table, as stored. */
export interface HostRow {
  id: string
  hostname: string
  pid: number
  /** timmy's version on that host. */
  version: string
  /** The live deploy generation (null: none, or no deploy plugin). */
  generation: number | null
  wizards: HostWizard[]
  startedAt: number
  beatAt: number
  stoppedAt: number | null
  /** When the current silence was alerted (cleared by the next beat). */
  alertedAt: number | null
}

/** A host as `list()` reports it. */
export interface HostRecord extends HostRow {
  state: HostState
  /** Seconds since its last beat. */
  beatAgeSeconds: number
  /** This process's own row. */
  self: boolean
}

/** An alert `check()` raised (at most one per silence, fleet-wide). */
export interface HostAlert {
  host: string
  at: number
  code: string
  message: string
  /** `gitea.issue` / `gitea.comment` when an effect carried it, else `log`. */
  delivered: string
  error?: string
}

export interface HostsService {
  /** This host's id. */
  readonly id: string
  /** Where the table lives: the host's SQLite store, or PostgreSQL (`store.url`). */
  backend(): Promise<'sqlite' | 'postgres'>
  /** Every host, newest beat first. */
  list(now?: number): Promise<HostRecord[]>
  /** Write this host's row (started now); `timmy serve` calls it before it listens. */
  register(now?: number): Promise<HostRecord>
  /** Record a beat of this host (version, live generation and wizards read again). */
  beat(now?: number): Promise<HostRecord>
  /** Mark this host stopped (on shutdown). */
  stop(now?: number): Promise<void>
  /** Alert once on each host newly silent (the `hosts.check` task); returns the alerts raised. */
  check(now?: number): Promise<HostAlert[]>
}

declare module '../../core/plugin.js' {
  interface Services {
    hosts: HostsService
  }
}
