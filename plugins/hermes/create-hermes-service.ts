/** The `hermes` service object: the format modules of this folder, and the one state.db reader. */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { childEnv, GIT_CHILD_ENV_NAMES } from './child-env.js'
import { HermesConfigYamlSchema, KNOWN_ROOT_KEYS } from './config-yaml-schema.js'
import { nextRunAt, parseSchedule, sameSchedule } from './cron-schedule.js'
import { readCronYaml, TIMMY_JOB_PREFIX } from './cron-yaml.js'
import { withFileLock } from './file-lock.js'
import { crashPoint, fsyncAll, fsyncDir, writeDurable, writeFileAtomic } from './fs-atomic.js'
import { HERMES_FILES, isPrivatePath, resolveInside, SKIN_NAME, staysInside } from './hermes-paths.js'
import { applyJobs, mergeJobs, readJobsFile } from './jobs-file.js'
import { countSessions, readSessions } from './state-db/read-sessions.js'
import { readUsage } from './state-db/read-usage.js'
import type { HermesService } from './types.js'

/** better-sqlite3, loaded the first time a state.db is read (the sync readers cannot await an import). */
let sqlite: typeof BetterSqlite3 | undefined
const Sqlite = (): typeof BetterSqlite3 => {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3
  return sqlite
}

export function createHermesService(): HermesService {
  return {
    paths: {
      files: HERMES_FILES,
      stateDb: (hermesHome) => join(hermesHome, 'state.db'),
      skinName: SKIN_NAME,
      resolveInside,
      staysInside,
      isPrivatePath,
    },
    configYaml: { schema: HermesConfigYamlSchema, knownRootKeys: KNOWN_ROOT_KEYS },
    cron: { parseSchedule, nextRunAt, sameSchedule, readCronYaml, jobPrefix: TIMMY_JOB_PREFIX },
    jobs: { read: readJobsFile, merge: mergeJobs, apply: applyJobs, withLock: withFileLock },
    files: { writeFileAtomic, writeDurable, fsyncDir, fsyncAll, crashPoint },
    childEnv,
    gitEnvNames: GIT_CHILD_ENV_NAMES,
    stateDb: {
      readSessions: (file, options) => readSessions(Sqlite(), file, options),
      countSessions: (file, options) => countSessions(Sqlite(), file, options),
      readUsage: (file, options) => readUsage(Sqlite(), file, options),
    },
  }
}
