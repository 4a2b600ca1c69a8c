/**
 * Hermes' `cron/jobs.json` (FORMATS.md §5) is Hermes' own file: it rewrites it on every run. timmy
 * merges into it instead of replacing it: its jobs (`timmy-*`) are upserted by id with their
 * runtime fields kept, jobs it dropped are removed, every other job is left exactly as it was.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { reasonOf } from '../../core/errors.js'
import { nextRunAt, sameSchedule } from './cron-schedule.js'
import { type DeclaredJob, TIMMY_JOB_PREFIX } from './cron-yaml.js'
import { E } from './errors.js'
import { withFileLock } from './file-lock.js'
import { writeFileAtomic } from './fs-atomic.js'
import { HERMES_FILES } from './hermes-paths.js'

export type JobRecord = Record<string, unknown> & { id: string }

export interface JobsFile {
  jobs: JobRecord[]
  updated_at?: string
  [extra: string]: unknown
}

export interface MergeResult {
  file: JobsFile
  added: string[]
  updated: string[]
  removed: string[]
  changed: boolean
}

export function readJobsFile(file: string): JobsFile {
  if (!existsSync(file)) return { jobs: [] }
  let value: unknown
  try {
    // Hermes repairs stray control characters on load; do the same before parsing.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    const text = readFileSync(file, 'utf8').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    value = text.trim() === '' ? { jobs: [] } : JSON.parse(text)
  } catch (err) {
    throw E.HERMES_JOBS_UNREADABLE({ file, reason: reasonOf(err) }, { exitCode: 1 })
  }
  if (Array.isArray(value)) return { jobs: value as JobRecord[] }
  if (value && typeof value === 'object' && Array.isArray((value as JobsFile).jobs)) return value as JobsFile
  throw E.HERMES_JOBS_UNREADABLE({ file, reason: 'expected {"jobs": [...]} or a list' }, { exitCode: 1 })
}

/** The declarative fields timmy sets; everything else (state, run times, counters) is Hermes'. */
function declared(job: DeclaredJob): Record<string, unknown> {
  const s = job.spec
  return {
    name: s.name,
    prompt: s.prompt,
    skills: s.skills,
    skill: s.skills[0] ?? null,
    model: s.model ?? null,
    provider: s.provider ?? null,
    script: s.script ?? null,
    no_agent: s.no_agent,
    deliver: s.deliver,
    enabled_toolsets: s.enabled_toolsets ?? null,
    workdir: s.workdir ?? null,
    enabled: s.enabled,
  }
}

export function mergeJobs(current: JobsFile, jobs: readonly DeclaredJob[], now: number): MergeResult {
  const iso = new Date(now).toISOString()
  const wanted = new Map(jobs.map((j) => [j.hermesId, j]))
  const added: string[] = []
  const updated: string[] = []
  const removed: string[] = []
  const out: JobRecord[] = []
  for (const existing of current.jobs) {
    const id = typeof existing?.id === 'string' ? existing.id : ''
    if (!id.startsWith(TIMMY_JOB_PREFIX)) {
      out.push(existing)
      continue
    }
    const want = wanted.get(id)
    if (!want) {
      removed.push(id)
      continue
    }
    wanted.delete(id)
    const next: JobRecord = { ...existing, ...declared(want) }
    if (!sameSchedule(existing.schedule, want.schedule)) {
      next.schedule = want.schedule
      next.schedule_display = want.schedule.display
      next.next_run_at = nextRunAt(want.schedule, now)
    }
    const repeat = (existing.repeat ?? {}) as Record<string, unknown>
    next.repeat = { ...repeat, times: want.spec.repeat ?? null, completed: repeat.completed ?? 0 }
    if (!want.spec.enabled && existing.state !== 'paused') {
      next.state = 'paused'
      next.paused_at = iso
      next.paused_reason = 'disabled in timmy cron.yaml'
    } else if (
      want.spec.enabled &&
      existing.state === 'paused' &&
      existing.paused_reason === 'disabled in timmy cron.yaml'
    ) {
      next.state = 'scheduled'
      next.paused_at = null
      next.paused_reason = null
    }
    if (JSON.stringify(next) !== JSON.stringify(existing)) updated.push(id)
    out.push(next)
  }
  for (const [id, want] of wanted) {
    added.push(id)
    out.push({
      id,
      ...declared(want),
      base_url: null,
      context_from: null,
      schedule: want.schedule,
      schedule_display: want.schedule.display,
      repeat: { times: want.spec.repeat ?? null, completed: 0 },
      state: want.spec.enabled ? 'scheduled' : 'paused',
      paused_at: want.spec.enabled ? null : iso,
      paused_reason: want.spec.enabled ? null : 'disabled in timmy cron.yaml',
      created_at: iso,
      next_run_at: nextRunAt(want.schedule, now),
      last_run_at: null,
      last_status: null,
      last_error: null,
      last_delivery_error: null,
      origin: null,
    })
  }
  const changed = added.length + updated.length + removed.length > 0
  return {
    file: { ...current, jobs: out, updated_at: changed ? iso : current.updated_at },
    added,
    updated,
    removed,
    changed,
  }
}

/**
 * Merge timmy's jobs into `$HERMES_HOME/cron/jobs.json` under Hermes' `.jobs.lock`. Reads first
 * without the lock: when nothing would change, nothing is locked or written. `locked`: the caller
 * already holds `.jobs.lock` (a deploy takes it before its switch, see `withCronLock`).
 */
export async function applyJobs(
  hermesHome: string,
  jobs: readonly DeclaredJob[],
  options: { now?: () => number; dryRun?: boolean; lockTimeoutMs?: number; locked?: boolean } = {},
): Promise<MergeResult> {
  const now = options.now ?? Date.now
  const file = join(hermesHome, HERMES_FILES.cronJobs)
  const preview = mergeJobs(readJobsFile(file), jobs, now())
  if (!preview.changed || options.dryRun) return preview
  const write = () => {
    const merged = mergeJobs(readJobsFile(file), jobs, now())
    if (merged.changed) writeFileAtomic(file, `${JSON.stringify(merged.file, null, 2)}\n`, 0o600)
    return merged
  }
  if (options.locked) return write()
  return withFileLock(join(hermesHome, HERMES_FILES.cronLock), write, {
    timeoutMs: options.lockTimeoutMs ?? 10_000,
  })
}
