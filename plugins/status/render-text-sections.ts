/** The body lines of each `timmy status` text section (the heading and the error line are renderStatus's). */
import { compact, sparkline } from './sparkline.js'
import type {
  BridgeSection,
  BudgetSection,
  DeadmanSection,
  DeploySection,
  GiteaSection,
  HousekeepingSection,
  QueueSection,
} from './types.js'

const ago = (iso: string | null, now: number) => {
  if (!iso) return 'never'
  const s = Math.round((now - Date.parse(iso)) / 1000)
  if (s < 0) return `in ${fmtDur(-s)}`
  return `${fmtDur(s)} ago`
}
const fmtDur = (s: number) =>
  s < 90
    ? `${s}s`
    : s < 5400
      ? `${Math.round(s / 60)}m`
      : s < 172800
        ? `${Math.round(s / 3600)}h`
        : `${Math.round(s / 86400)}d`

export function queueLines(q: QueueSection, now: number): string[] {
  const lines: string[] = []
  lines.push(
    `  queued ${q.queued} · running ${q.running} · failed 24h ${q.failed24h} · done/h ${sparkline(q.throughput.map((h) => h.done))}`,
  )
  for (const t of q.tasks.filter((t) => t.queued || t.running || t.failed24h).slice(0, 6))
    lines.push(
      `  ${t.task.padEnd(28)} queued ${String(t.queued).padStart(6)}  running ${String(t.running).padStart(3)}  failed ${t.failed24h}${t.paused ? ' PAUSED' : ''}`,
    )
  const next = q.next.slice(0, 3).map((n) => `${n.task} ${n.at ? ago(n.at, now) : '-'}`)
  if (next.length) lines.push(`  next: ${next.join(' · ')}`)
  return lines
}

export function budgetLines(b: BudgetSection): string[] {
  const lines: string[] = []
  if (!b.budgets.length) lines.push('  no budgets configured')
  else
    for (const r of b.budgets) {
      const cap = r.capTokens !== null ? compact(r.capTokens) : r.capCost !== null ? `$${r.capCost}` : '-'
      const spent =
        r.capTokens !== null || r.capCost === null ? compact(r.spentTokens) : `$${r.spentCost.toFixed(2)}`
      lines.push(
        `  ${r.name.padEnd(18)} ${`${spent} / ${cap}`.padStart(17)} ${`${r.percent}%`.padStart(6)} ${sparkline(r.daily)} ${r.window}${r.paused ? ' PAUSED' : ''}`,
      )
    }
  return lines
}

export function deadmanLines(d: DeadmanSection, now: number): string[] {
  const lines: string[] = []
  if (!d.wizards.length) lines.push('  no wizards configured')
  else
    for (const w of d.wizards)
      lines.push(
        `  ${w.wizard.padEnd(18)} ${w.state.toUpperCase().padEnd(7)} beat ${ago(w.lastBeat, now).padEnd(10)} restarts ${w.restarts}${w.active ? ' · needs a human' : ''}`,
      )
  return lines
}

export function deployLines(d: DeploySection, now: number): string[] {
  const lines: string[] = []
  const last = d.lastDeploy
    ? `gen ${d.lastDeploy.generation} ${ago(d.lastDeploy.at, now)}${d.lastDeploy.commit ? ` (${d.lastDeploy.commit.slice(0, 8)})` : ''}`
    : 'none'
  const drift = d.drift === null ? 'unknown' : d.drift.fresh ? 'none' : `${d.drift.items.length} item(s)`
  lines.push(
    `  live ${d.live ?? '-'} · known-good ${d.lastKnownGood ?? '-'} · last deploy ${last} · drift ${drift}`,
  )
  for (const item of d.drift?.items.slice(0, 2) ?? []) lines.push(`  drift: ${item}`)
  return lines
}

export function bridgeLines(b: BridgeSection): string[] {
  return [
    `  events/min ${b.eventsLastMinute} (hour avg ${b.eventsPerMinuteHour}) · vetoes ${b.vetoes ?? '-'} · ${b.live ? `received ${b.received}` : b.down === 'not running' ? 'timmy serve is not running' : 'serve not reachable'}`,
  ]
}

export function giteaLines(g: GiteaSection): string[] {
  const lines: string[] = []
  const lanes = Object.entries(g.openIssuesByLane).map(([l, n]) => `${l} ${n}`)
  lines.push(`  open issues: ${lanes.join(' · ') || 'none'}`)
  for (const p of g.pulls.slice(0, 4)) lines.push(`  PR ${p.repo}#${p.number} [${p.gate}] ${p.title}`)
  return lines
}

export function housekeepingLines(h: HousekeepingSection, now: number): string[] {
  if (!h.last) return ['  daily_reset has not run yet']
  const l = h.last
  return [
    `  daily_reset ${ago(l.at, now)}: rotated ${l.rotated.length}, pruned jobs ${l.prunedJobs} runs ${l.prunedRuns}, ${l.vacuumed ? 'vacuumed' : 'no vacuum'}${l.errors.length ? `, ${l.errors.length} error(s)` : ''}`,
  ]
}
