/**
 * The `hermes` service (provided by plugins/hermes): Hermes' own file formats, for the plugins that
 * read or write a `$HERMES_HOME` (deploy, skin, budget, provenance) or start Hermes and other
 * children (dispatch, deadman). Declared on core's `Services` (declaration merging).
 */
import type { childEnv } from './child-env.js'
import type { HermesConfigYamlSchema } from './config-yaml-schema.js'
import type { nextRunAt, parseSchedule, sameSchedule } from './cron-schedule.js'
import type { readCronYaml } from './cron-yaml.js'
import type { withFileLock } from './file-lock.js'
import type { crashPoint, fsyncAll, fsyncDir, writeDurable, writeFileAtomic } from './fs-atomic.js'
import type { HERMES_FILES, isPrivatePath, resolveInside, staysInside } from './hermes-paths.js'
import type { applyJobs, mergeJobs, readJobsFile } from './jobs-file.js'
import type { SessionReadOptions, StateDbSession } from './state-db/read-sessions.js'
import type { UsageReadOptions, UsageRow } from './state-db/read-usage.js'

export type { Schedule } from './cron-schedule.js'
export type { CronJobSpec, DeclaredJob } from './cron-yaml.js'
export type { JobRecord, JobsFile, MergeResult } from './jobs-file.js'
export type { StateDbFailure, Unreadable } from './state-db/open-state-db.js'
export type { SessionReadOptions, StateDbSession, UsageReadOptions, UsageRow }

/** Read-only access to `$HERMES_HOME/state.db`: never written or altered; SQLITE_BUSY from a live Hermes is retried. */
export interface HermesStateDb {
  /** Every session with its active messages, batch by batch (blocking retries while busy; then `unreadable`). */
  readSessions(file: string, options?: SessionReadOptions): Generator<StateDbSession>
  /** The number of sessions (0 when the table cannot be read). */
  countSessions(file: string, options?: Pick<SessionReadOptions, 'busyTimeoutMs' | 'unreadable'>): number
  /** Token usage rows changed since `sinceSec`; `missing` (no file) or `busy` (still locked after the attempts). */
  readUsage(file: string, options: UsageReadOptions): Promise<UsageRow[] | 'missing' | 'busy'>
}

export interface HermesService {
  /** The files timmy manages in a `$HERMES_HOME`, and how their paths are resolved safely. */
  paths: {
    files: typeof HERMES_FILES
    /** `state.db` of a `$HERMES_HOME`. */
    stateDb(hermesHome: string): string
    /** A skin's name (file name and in-file `name`). */
    skinName: RegExp
    resolveInside: typeof resolveInside
    staysInside: typeof staysInside
    isPrivatePath: typeof isPrivatePath
  }
  /** The `config.yaml` schema check: the keys the overlay uses, and Hermes' known root keys. */
  configYaml: { schema: typeof HermesConfigYamlSchema; knownRootKeys: ReadonlySet<string> }
  /** Hermes' schedule syntax and the project's `config/cron.yaml`. */
  cron: {
    parseSchedule: typeof parseSchedule
    nextRunAt: typeof nextRunAt
    sameSchedule: typeof sameSchedule
    readCronYaml: typeof readCronYaml
    /** Prefix of the ids of timmy's jobs in `cron/jobs.json`. */
    jobPrefix: string
  }
  /** `cron/jobs.json`: read, merge, write (under `cron/.jobs.lock`). */
  jobs: {
    read: typeof readJobsFile
    merge: typeof mergeJobs
    apply: typeof applyJobs
    withLock: typeof withFileLock
  }
  /** Durable, private writes (temp + fsync + rename), and the crash points the crash tests use. */
  files: {
    writeFileAtomic: typeof writeFileAtomic
    writeDurable: typeof writeDurable
    fsyncDir: typeof fsyncDir
    fsyncAll: typeof fsyncAll
    crashPoint: typeof crashPoint
  }
  /** The allow-listed environment of a child process (hermes, git, flock, restart commands). */
  childEnv: typeof childEnv
  /** What `git` needs beyond the list (ssh agent, proxies). */
  gitEnvNames: readonly string[]
  stateDb: HermesStateDb
}

declare module '../../core/plugin.js' {
  interface Services {
    hermes: HermesService
  }
}
