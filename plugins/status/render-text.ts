/**
 * `timmy status` as text: one screen, every line clipped to `width` columns (default 80). Sections
 * follow the snapshot's order; a section that failed shows its error on one line.
 */

import { fleetLines } from './fleet-section.js'
import { hostsLines } from './hosts-section.js'
import {
  bridgeLines,
  budgetLines,
  deadmanLines,
  deployLines,
  giteaLines,
  housekeepingLines,
  queueLines,
} from './render-text-sections.js'
import type { StatusSnapshot } from './types.js'

export function renderStatus(snap: StatusSnapshot, width = 80): string {
  const now = Date.parse(snap.at)
  const lines: string[] = []
  /** A heading, then the section's error on one line or its body. */
  const section = <T>(
    title: string,
    part: (T & { error?: undefined }) | { error: string } | undefined,
    body: (p: T) => string[],
  ) => {
    if (!part) return
    lines.push('', `── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`)
    if (part.error !== undefined) lines.push(`  unavailable: ${part.error}`)
    else lines.push(...body(part))
  }
  lines.push(
    `timmy ${snap.version} · ${snap.at.slice(0, 19).replace('T', ' ')}Z · plugins: ${snap.plugins.join(' ')}`,
  )
  section('queue', snap.queue, (q) => queueLines(q, now))
  section('budgets (spent / cap, 7 days)', snap.budget, budgetLines)
  // the wizards before the hosts: on one host (the usual case) they are what an 80×24 screen must show
  section('deadman', snap.deadman, (d) => deadmanLines(d, now))
  section('hosts', snap.hosts, hostsLines)
  section('fleet', snap.fleet, fleetLines)
  section('deploy', snap.deploy, (d) => deployLines(d, now))
  section('bridge', snap.bridge, bridgeLines)
  section('gitea', snap.gitea, giteaLines)
  section('housekeeping', snap.housekeeping, (h) => housekeepingLines(h, now))
  return `${lines.map((l) => clip(l, width)).join('\n')}\n`
}

function clip(line: string, width: number): string {
  const chars = [...line]
  return chars.length <= width ? line : `${chars.slice(0, width - 1).join('')}…`
}
