/** The summary of `timmy train all`: counts in, dropped by reason, out, per stage. */
import { formatTable } from '../core/index.js'
import type { CurateStats } from './curate.js'
import type { ExportStats } from './export.js'
import type { IngestStats } from './ingest.js'
import type { ValidateReport } from './validate.js'

export interface Summary {
  in: number
  out: number
  dropped: Record<string, number>
  stages: { stage: string; in: number; out: number; dropped: Record<string, number> }[]
}

export function summarise(i: IngestStats, c: CurateStats, v: ValidateReport, e?: ExportStats): Summary {
  const read = Object.values(i.read).reduce((a, b) => a + b, 0)
  const stages = [
    { stage: 'ingest', in: read, out: i.pairs, dropped: { ...i.skipped } },
    { stage: 'curate', in: c.in, out: c.out, dropped: { ...c.dropped } },
    { stage: 'validate', in: v.total, out: v.total - v.bad, dropped: { ...v.problems } },
  ]
  if (e) stages.push({ stage: 'export', in: v.total - v.bad, out: e.pairs, dropped: {} })
  const dropped: Record<string, number> = {}
  for (const s of stages) for (const [k, n] of Object.entries(s.dropped)) dropped[k] = (dropped[k] ?? 0) + n
  return { in: read, out: e ? e.pairs : v.total - v.bad, dropped, stages }
}

export function formatSummary(s: Summary): string {
  const rows: string[][] = []
  for (const st of s.stages) {
    const reasons = Object.entries(st.dropped).sort((a, b) => b[1] - a[1])
    rows.push([st.stage, String(st.in), String(st.out), reasons.length ? '' : '-'])
    for (const [k, n] of reasons) rows.push(['', '', '', `${k} ${n}`])
  }
  rows.push([
    'total',
    String(s.in),
    String(s.out),
    String(Object.values(s.dropped).reduce((a, b) => a + b, 0)),
  ])
  return formatTable(['stage', 'in', 'out', 'dropped'], rows)
}
