/**
 * `daily_reset`: rotate `$HERMES_HOME/token_usage.jsonl` and `$TIMMY_HOME/logs/*.log` (older days
 * gzip-compressed, `keepDays` kept), prune finished queue jobs past their time to live and run
 * records past `runRetentionDays`, `wal_checkpoint(TRUNCATE)`, and `VACUUM` when free pages pass
 * `vacuumMinFreePercent` of the file. Each part's error is recorded and the others still run.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { reasonOf } from '../../core/errors.js'
import type { Store } from '../../core/store/store.js'
import { pruneRuns } from '../playbooks/prune-runs.js'
import type { QueueService } from '../queue/host-queue.js'
import { deleteOldArchives, rotateFile } from './rotate-file.js'
import type { HousekeepingResult } from './types.js'

export interface ResetOptions {
  keepDays: number
  runRetentionDays: number
  vacuumMinFreePercent: number
  timezone: string
}

export interface ResetContext {
  store: Store
  queue: QueueService | undefined
  hermesHome: string
  logDir: string
  options: ResetOptions
}

const DAY = 86_400_000

export function localDay(t: number, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(t)
}

export async function dailyReset(ctx: ResetContext, now: number): Promise<HousekeepingResult> {
  const { options } = ctx
  const dayOf = (t: number) => localDay(t, options.timezone)
  const today = dayOf(now)
  const result: HousekeepingResult = {
    at: new Date(now).toISOString(),
    day: today,
    rotated: [],
    deletedArchives: [],
    prunedJobs: 0,
    prunedRuns: 0,
    checkpoint: null,
    vacuumed: false,
    freelistPages: 0,
    errors: [],
  }
  const attempt = async (what: string, fn: () => unknown) => {
    try {
      await fn()
    } catch (err) {
      result.errors.push(`${what}: ${reasonOf(err)}`)
    }
  }
  const files = [join(ctx.hermesHome, 'token_usage.jsonl')]
  if (existsSync(ctx.logDir))
    for (const e of readdirSync(ctx.logDir).sort()) if (e.endsWith('.log')) files.push(join(ctx.logDir, e))
  const oldest = dayOf(now - options.keepDays * DAY)
  for (const file of files)
    await attempt(`rotate ${file}`, async () => {
      result.rotated.push(...(await rotateFile(file, today, dayOf)))
      result.deletedArchives.push(...deleteOldArchives(file, oldest))
    })
  await attempt('prune queue results', async () => {
    if (ctx.queue) result.prunedJobs = await ctx.queue.pruneExpired(now)
  })
  await attempt('prune run records', () => {
    result.prunedRuns = pruneRuns(ctx.store, now - options.runRetentionDays * DAY)
  })
  const db = ctx.store.db
  await attempt('wal_checkpoint', () => {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as {
      busy: number
      log: number
      checkpointed: number
    }[]
    result.checkpoint = row ?? null
  })
  await attempt('vacuum', () => {
    const free = db.pragma('freelist_count', { simple: true }) as number
    const pages = db.pragma('page_count', { simple: true }) as number
    result.freelistPages = free
    if (pages > 0 && free > 0 && (free / pages) * 100 >= options.vacuumMinFreePercent) {
      db.exec('VACUUM')
      result.vacuumed = true
    }
  })
  return result
}
