/** The `housekeeping` service: daily_reset now (its result stored in `housekeeping_runs`), and the last results. */
import { join } from 'node:path'
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { Store } from '../../core/store/store.js'
import type { HousekeepingOptionsSchema } from './options.js'
import type { HousekeepingResult, HousekeepingService } from './types.js'

// The reset's body (rotation, pruning, vacuum) loads when it first runs.
let resetBody: Promise<typeof import('./daily-reset.js')> | undefined
const loadReset = () => (resetBody ??= import('./daily-reset.js'))

const MIGRATIONS = [
  'CREATE TABLE housekeeping_runs (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, result TEXT NOT NULL)',
]

export function createHousekeepingService(
  host: PluginHost,
  options: Static<typeof HousekeepingOptionsSchema>,
): HousekeepingService {
  const store = async (): Promise<Store> => {
    const s = await host.store()
    s.migrate('housekeeping', MIGRATIONS)
    return s
  }
  return {
    async dailyReset(now = Date.now()) {
      const s = await store()
      const { dailyReset } = await loadReset()
      const result = await dailyReset(
        {
          store: s,
          queue: host.maybeUse('queue'),
          hermesHome: host.paths.hermesHome,
          logDir: join(host.paths.home, 'logs'),
          options,
        },
        now,
      )
      s.db
        .prepare('INSERT INTO housekeeping_runs (at, result) VALUES (?, ?)')
        .run(now, JSON.stringify(result))
      s.db
        .prepare('DELETE FROM housekeeping_runs WHERE id <= (SELECT max(id) - 100 FROM housekeeping_runs)')
        .run()
      logReset(host, result)
      return result
    },
    async history(limit = 10) {
      const s = await store()
      return (
        s.db
          .prepare('SELECT result FROM housekeeping_runs ORDER BY id DESC LIMIT ?')
          .pluck()
          .all(limit) as string[]
      ).map((r) => JSON.parse(r) as HousekeepingResult)
    },
  }
}

function logReset(host: PluginHost, result: HousekeepingResult): void {
  const lines = result.rotated.reduce((n, r) => n + r.lines, 0)
  host.log.info(
    {
      rotated: result.rotated.length,
      lines,
      prunedJobs: result.prunedJobs,
      prunedRuns: result.prunedRuns,
      vacuumed: result.vacuumed,
      errors: result.errors,
    },
    `daily_reset: rotated ${result.rotated.length} file(s) (${lines} lines), pruned ${result.prunedJobs} jobs and ${result.prunedRuns} runs${result.vacuumed ? ', vacuumed' : ''}`,
  )
}
