/**
 * Gather one StatusSnapshot through the other plugins' services (each looked up when asked, typed by
 * its own interface). A section whose service throws carries `error`; the others are still shown.
 */

import { isTimmyError, reasonOf } from '../../core/errors.js'
import type { PluginHost } from '../../core/plugin.js'
import { timmyVersion } from '../../core/version.js'
import type { BudgetService } from '../budget/service.js'
import type { DeadmanService } from '../deadman/types.js'
import type { FreshnessReport } from '../deploy/freshness.js'
import type { DeployService } from '../deploy/service.js'
import type { QueueService } from '../queue/host-queue.js'
import { readEventMinutes } from './event-minutes.js'
import { readFleet } from './fleet-section.js'
import { gatherGitea } from './gather-gitea.js'
import { readHosts } from './hosts-section.js'
import type {
  BridgeSection,
  BudgetSection,
  DeadmanSection,
  DeploySection,
  GiteaSection,
  QueueSection,
  StatusSnapshot,
} from './types.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const iso = (t: number) => new Date(t).toISOString()

type Host = Pick<PluginHost, 'maybeUse' | 'store'> & {
  pluginNames(): string[]
  /** The deploy service's freshness, as recent as the caller keeps it (see cache-freshness.ts); null when unreadable. */
  freshness(now: number): Promise<FreshnessReport | null>
  /** The Gitea section, as recent as the caller keeps it (see cache-gitea.ts); default: asked now. */
  gitea?(now: number): Promise<GiteaSection>
}

export async function gatherStatus(
  host: Host,
  opts: { now: number; gitea: boolean },
): Promise<StatusSnapshot> {
  const { now } = opts
  const snap: StatusSnapshot = { at: iso(now), version: timmyVersion(), plugins: host.pluginNames() }
  const section = async <K extends keyof StatusSnapshot>(
    key: K,
    service: string,
    read: () => Promise<unknown>,
  ) => {
    if (!host.maybeUse(service)) return
    try {
      ;(snap as unknown as Record<string, unknown>)[key] = await read()
    } catch (err) {
      ;(snap as unknown as Record<string, unknown>)[key] = { error: reasonOf(err) }
    }
  }
  await section('queue', 'queue', async () => {
    const q = await readQueue(host.maybeUse('queue')!, now)
    const minutes = readEventMinutes(await host.store(), now)
    return { ...q, depthPerMinute: minutes.map((m) => ({ minute: iso(m.minute), depth: m.depth })) }
  })
  await section('budget', 'budget', () => readBudget(host.maybeUse('budget')!, now))
  await section('deadman', 'deadman', () => readDeadman(host.maybeUse('deadman')!, now))
  await section('hosts', 'hosts', () => readHosts(host.maybeUse('hosts')!, now))
  await section('fleet', 'deploy.fleet', () => readFleet(host.maybeUse('deploy.fleet')!))
  await section('deploy', 'deploy', async () =>
    readDeploy(host.maybeUse('deploy')!, await host.freshness(now)),
  )
  await section('bridge', 'bridge', () => readBridge(host, now))
  await section('housekeeping', 'housekeeping', async () => ({
    last: (await host.maybeUse('housekeeping')!.history(1))[0] ?? null,
  }))
  // Only when a Gitea server is configured: the section asks it.
  if (opts.gitea && host.maybeUse('gitea')?.url())
    await section('gitea', 'gitea', () => (host.gitea ? host.gitea(now) : gatherGitea(host)))
  return snap
}

export async function readQueue(
  queue: QueueService,
  now: number,
): Promise<Omit<QueueSection, 'depthPerMinute'>> {
  const since = Math.floor((now - DAY) / HOUR) * HOUR + HOUR
  const [o, next] = await Promise.all([queue.overview({ now, since }), queue.nextRuns(now)])
  const stats = o.paused
  const tasks = new Map<string, QueueSection['tasks'][number]>()
  const row = (task: string) => {
    let r = tasks.get(task)
    if (!r) tasks.set(task, (r = { task, queued: 0, running: 0, failed24h: 0, paused: stats.includes(task) }))
    return r
  }
  for (const c of o.counts) {
    if (c.state === 'queued') row(c.task).queued += c.n
    if (c.state === 'running') row(c.task).running += c.n
  }
  for (const [task, n] of Object.entries(o.failed24h)) row(task).failed24h = n
  const byHour = new Map(o.hourly.map((h) => [h.hour, h]))
  const throughput: QueueSection['throughput'] = []
  for (let t = since; t <= now; t += HOUR) {
    const h = byHour.get(t / HOUR)
    throughput.push({ hour: iso(t), started: h?.started ?? 0, done: h?.done ?? 0, failed: h?.failed ?? 0 })
  }
  const list = [...tasks.values()].sort((a, b) => a.task.localeCompare(b.task))
  const sum = (k: 'queued' | 'running' | 'failed24h') => list.reduce((s, r) => s + r[k], 0)
  return {
    tasks: list,
    queued: sum('queued'),
    running: sum('running'),
    failed24h: sum('failed24h'),
    next: next
      .slice(0, 5)
      .map((n) => ({ schedule: n.schedule, task: n.task, at: n.next === null ? null : iso(n.next) })),
    throughput,
  }
}

export async function readBudget(budget: BudgetService, now: number): Promise<BudgetSection> {
  const today = Math.floor(now / DAY) * DAY
  const daysSince = today - 6 * DAY
  const hoursSince = Math.floor(now / HOUR) * HOUR - (7 * 24 - 1) * HOUR
  // One hourly read covers both ranges (hour-aligned); the days are sums of its hours.
  const since = Math.min(daysSince, hoursSince)
  const [status, series] = await Promise.all([
    budget.status(),
    budget.spendSeries({ since, until: today + DAY, bucketMs: HOUR }),
  ])
  const h0 = (hoursSince - since) / HOUR
  const d0 = (daysSince - since) / HOUR
  const hours = (values: number[]) => values.slice(h0, h0 + 7 * 24)
  const days = (values: number[]) =>
    Array.from({ length: 7 }, (_, d) =>
      values.slice(d0 + d * 24, d0 + (d + 1) * 24).reduce((s, v) => s + v, 0),
    )
  const map = (by: Record<string, number[]>, f: (v: number[]) => number[]) =>
    Object.fromEntries(Object.entries(by).map(([k, v]) => [k, f(v)]))
  return {
    budgets: status.map((s) => ({
      name: s.name,
      window: s.window,
      spentTokens: s.spentTokens,
      capTokens: s.capTokens ?? null,
      spentCost: s.spentCost,
      capCost: s.capCost ?? null,
      percent: s.percent,
      paused: s.paused,
      daily: series.byBudget[s.name] ? days(series.byBudget[s.name]!) : [],
    })),
    days: Array.from({ length: 7 }, (_, d) => iso(daysSince + d * DAY)),
    hours: Array.from({ length: 7 * 24 }, (_, h) => iso(hoursSince + h * HOUR)),
    hourlyByBudget: map(series.byBudget, hours),
    hourlyByModel: map(series.byModel, hours),
  }
}

export async function readDeadman(deadman: DeadmanService, now: number): Promise<DeadmanSection> {
  const wizards = await deadman.status(now)
  const timeline: DeadmanSection['timeline'] = []
  for (const w of wizards)
    for (const t of await deadman.transitions(w.wizard, 50))
      timeline.push({ wizard: t.wizard, at: iso(t.at), from: t.from, to: t.to, reason: t.reason })
  timeline.sort((a, b) => a.at.localeCompare(b.at))
  return {
    wizards: wizards.map((w) => ({
      wizard: w.wizard,
      state: w.state,
      since: iso(w.stateSince),
      lastBeat: w.lastBeatAt === null ? null : iso(w.lastBeatAt),
      restarts: w.restartsInWindow,
      active: w.active,
    })),
    timeline,
  }
}

export function readDeploy(deploy: DeployService, f: FreshnessReport | null): DeploySection {
  const gens = deploy.generations()
  const newest = gens.filter((g) => !g.snapshot).at(-1)
  const drift: DeploySection['drift'] = f && {
    fresh: f.ok,
    items: f.drift.map((d) => `${d.kind} ${d.id}: ${d.detail}`),
  }
  return {
    live: deploy.live(),
    lastKnownGood: deploy.lastKnownGood(),
    lastDeploy: newest
      ? {
          generation: newest.generation,
          at: newest.createdAt,
          ...(newest.commit ? { commit: newest.commit } : {}),
        }
      : null,
    generations: gens.map((g) => ({
      generation: g.generation,
      at: g.createdAt,
      live: g.live,
      bad: g.bad,
      files: g.files,
    })),
    drift,
  }
}

async function readBridge(host: Host, now: number): Promise<BridgeSection> {
  const minutes = readEventMinutes(await host.store(), now)
  let live: { received: number; vetoes: number } | undefined
  let down: BridgeSection['down']
  try {
    live = await host.maybeUse('bridge')!.liveStats()
  } catch (err) {
    live = undefined
    down = isTimmyError(err, 'TIMMY_ERR_HERMES_BRIDGE_NOT_RUNNING') ? 'not running' : 'unreachable'
  }
  const last = minutes.at(-2)?.events ?? 0
  const total = minutes.reduce((s, m) => s + m.events, 0)
  return {
    eventsLastMinute: last,
    eventsPerMinuteHour: Math.round((total / 60) * 10) / 10,
    received: live?.received ?? null,
    vetoes: live?.vetoes ?? minutes.reduce((s, m) => s + m.vetoes, 0),
    perMinute: minutes.map((m) => ({ minute: iso(m.minute), events: m.events })),
    live: live !== undefined,
    ...(down ? { down } : {}),
  }
}
