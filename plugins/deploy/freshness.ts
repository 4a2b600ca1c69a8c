/**
 * Pipeline freshness: drift between what is declared (`config/cron.yaml`, playbooks with
 * `on.schedule`) and what runs (Hermes' `cron/jobs.json`, timmy's queue): missing, extra, changed,
 * disabled and overdue jobs.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import type { HermesService } from '../hermes/types.js'
import type { QueueService } from '../queue/host-queue.js'
import { comparePlaybookSchedules, type PlaybookDrift } from './playbook-drift.js'

export interface Drift {
  kind: 'missing' | 'extra' | 'schedule' | 'enabled' | 'overdue' | PlaybookDrift['kind']
  id: string
  detail: string
}

export interface FreshnessReport {
  ok: boolean
  checked: { cronJobs: number; playbookSchedules: number | null }
  drift: Drift[]
  notes: string[]
}

/** Grace after an expected run before a job counts as overdue (Hermes ticks every 60 s). */
const GRACE_MS = 10 * 60_000

export function checkFreshness(
  ctx: {
    hermesHome: string
    hermes: HermesService
    now?: () => number
    queue?: Pick<QueueService, 'scheduleSpecs'> | undefined
  },
  source: string,
): FreshnessReport {
  const { readCronYaml, sameSchedule, nextRunAt, jobPrefix } = ctx.hermes.cron
  const now = ctx.now ?? Date.now
  const drift: Drift[] = []
  const notes: string[] = []
  const cronFile = join(source, 'config', 'cron.yaml')
  const declared = existsSync(cronFile) ? readCronYaml(loadYamlFile(cronFile, { allowEmpty: true }), now) : []
  if (!existsSync(cronFile)) notes.push('no config/cron.yaml: no declared Hermes jobs')
  const jobs = ctx.hermes.jobs.read(join(ctx.hermesHome, ctx.hermes.paths.files.cronJobs)).jobs
  const byId = new Map(jobs.map((j) => [j.id, j]))
  for (const d of declared) {
    const job = byId.get(d.hermesId)
    if (!job) {
      drift.push({
        kind: 'missing',
        id: d.hermesId,
        detail: `declared in cron.yaml, not in jobs.json: run timmy deploy`,
      })
      continue
    }
    if (!sameSchedule(job.schedule, d.schedule))
      drift.push({
        kind: 'schedule',
        id: d.hermesId,
        detail: `jobs.json runs "${scheduleText(job.schedule)}", cron.yaml says "${d.spec.schedule}"`,
      })
    if ((job.enabled !== false) !== d.spec.enabled)
      drift.push({
        kind: 'enabled',
        id: d.hermesId,
        detail: `enabled is ${job.enabled} in jobs.json, ${d.spec.enabled} in cron.yaml`,
      })
    const last = typeof job.last_run_at === 'string' ? Date.parse(job.last_run_at) : Number.NaN
    if (d.spec.enabled && job.state !== 'paused' && d.schedule.kind !== 'once' && !Number.isNaN(last)) {
      const due = nextRunAt(d.schedule, last)
      if (due && Date.parse(due) + GRACE_MS < now())
        drift.push({
          kind: 'overdue',
          id: d.hermesId,
          detail: `last ran ${job.last_run_at}, was due ${due}: is the Hermes gateway (or cron tick) running?`,
        })
    }
  }
  const declaredIds = new Set(declared.map((d) => d.hermesId))
  for (const job of jobs)
    if (typeof job.id === 'string' && job.id.startsWith(jobPrefix) && !declaredIds.has(job.id))
      drift.push({
        kind: 'extra',
        id: job.id,
        detail: 'in jobs.json but no longer in cron.yaml: run timmy deploy',
      })

  let playbookSchedules: number | null = null
  const dir = join(source, 'playbooks')
  if (existsSync(dir)) {
    if (!ctx.queue) notes.push('queue service not available: playbook schedules not compared')
    else {
      const compared = comparePlaybookSchedules(dir, ctx.queue)
      playbookSchedules = compared.declared
      drift.push(...compared.drift)
    }
  }
  return { ok: drift.length === 0, checked: { cronJobs: declared.length, playbookSchedules }, drift, notes }
}

/** What a jobs.json schedule says (its structured form; `schedule_display` may be stale after an edit). */
function scheduleText(schedule: unknown): string {
  if (!schedule || typeof schedule !== 'object') return String(schedule)
  const x = schedule as Record<string, unknown>
  if (x.kind === 'cron' && typeof x.expr === 'string') return x.expr
  if (x.kind === 'interval' && typeof x.minutes === 'number') return `every ${x.minutes}m`
  if (x.kind === 'once' && typeof x.run_at === 'string') return `once at ${x.run_at}`
  return typeof x.display === 'string' ? x.display : JSON.stringify(schedule)
}
