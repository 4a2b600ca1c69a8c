/**
 * Pipeline freshness: drift between what is declared (`config/cron.yaml`, playbooks with
 * `on.schedule`) and what runs (Hermes' `cron/jobs.json`, timmy's queue): missing, extra, changed,
 * disabled and overdue jobs.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadYamlFile } from '../config/yaml-source.js'
import { nextRunAt, sameSchedule } from '../hermes/cron-schedule.js'
import { readCronYaml, TIMMY_JOB_PREFIX } from '../hermes/cron-yaml.js'
import { HERMES_FILES } from '../hermes/hermes-paths.js'
import { readJobsFile } from '../hermes/jobs-file.js'

export interface Drift {
  kind: 'missing' | 'extra' | 'schedule' | 'enabled' | 'overdue' | 'playbook-unscheduled'
  id: string
  detail: string
}

export interface FreshnessReport {
  ok: boolean
  checked: { cronJobs: number; playbookSchedules: number | null }
  drift: Drift[]
  notes: string[]
}

/** The part of the queue service freshness needs (duck-typed: the queue lives in another area). */
interface QueueLike {
  schedules?(): { name: string; schedule?: string }[]
}

/** Grace after an expected run before a job counts as overdue (Hermes ticks every 60 s). */
const GRACE_MS = 10 * 60_000

export function checkFreshness(
  ctx: { hermesHome: string; now?: () => number; queue?: QueueLike },
  source: string,
): FreshnessReport {
  const now = ctx.now ?? Date.now
  const drift: Drift[] = []
  const notes: string[] = []
  const cronFile = join(source, 'config', 'cron.yaml')
  const declared = existsSync(cronFile) ? readCronYaml(loadYamlFile(cronFile, { allowEmpty: true }), now) : []
  if (!existsSync(cronFile)) notes.push('no config/cron.yaml: no declared Hermes jobs')
  const jobs = readJobsFile(join(ctx.hermesHome, HERMES_FILES.cronJobs)).jobs
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
        detail: `jobs.json runs ${JSON.stringify(job.schedule_display ?? job.schedule)}, cron.yaml says "${d.spec.schedule}"`,
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
    if (typeof job.id === 'string' && job.id.startsWith(TIMMY_JOB_PREFIX) && !declaredIds.has(job.id))
      drift.push({
        kind: 'extra',
        id: job.id,
        detail: 'in jobs.json but no longer in cron.yaml: run timmy deploy',
      })

  let playbookSchedules: number | null = null
  const dir = join(source, 'playbooks')
  if (existsSync(dir)) {
    const scheduled: { name: string; schedule: string }[] = []
    for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && n !== 'lanes.yaml')) {
      try {
        const v = loadYamlFile(join(dir, f)).value as { name?: string; on?: { schedule?: string } }
        if (v?.on?.schedule) scheduled.push({ name: v.name ?? f, schedule: v.on.schedule })
      } catch {
        notes.push(`playbooks/${f} does not parse: run timmy validate`)
      }
    }
    playbookSchedules = scheduled.length
    const queued = ctx.queue?.schedules?.()
    if (!queued) {
      if (scheduled.length) notes.push('queue service not available: playbook schedules not compared')
    } else {
      for (const p of scheduled) {
        const q = queued.find((x) => x.name === p.name || x.name === `playbook:${p.name}`)
        if (!q || (q.schedule && q.schedule !== p.schedule))
          drift.push({
            kind: 'playbook-unscheduled',
            id: p.name,
            detail: `playbook declares "${p.schedule}", the queue has ${q ? `"${q.schedule}"` : 'nothing'}`,
          })
      }
    }
  }
  return { ok: drift.length === 0, checked: { cronJobs: declared.length, playbookSchedules }, drift, notes }
}
