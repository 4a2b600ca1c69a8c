/** Lane → agent mapping and capacities: from the playbooks service (playbooks/lanes.yaml) or the triage options. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PluginHost } from '../../core/plugin.js'

export interface LaneInfo {
  name: string
  agent: string
  maxConcurrent: number
  repos: string[]
}

export function resolveLanes(
  host: Pick<PluginHost, 'maybeUse'>,
  fallback: Record<string, { agent: string; maxConcurrent?: number; repos?: string[] }>,
): LaneInfo[] {
  const fromService = playbookLanes(host)
  const raw: Record<string, any> =
    fromService && typeof fromService === 'object'
      ? Array.isArray(fromService)
        ? Object.fromEntries((fromService as any[]).map((l) => [l.name, l]))
        : (fromService as Record<string, any>)
      : fallback
  return Object.entries(raw).map(([name, l]) => ({
    name,
    agent: String(l.agent ?? l.wizard ?? name),
    maxConcurrent: Number(l.maxConcurrent ?? l.max_concurrent ?? l.concurrency ?? 1),
    repos: Array.isArray(l.repos) ? l.repos.map(String) : [],
  }))
}

/** The lanes of the first playbooks folder that has a lanes.yaml (the service's `lanes(dir)`), or undefined. */
function playbookLanes(host: Pick<PluginHost, 'maybeUse'>): unknown {
  const playbooks = host.maybeUse<{ dirs?: () => string[]; lanes?: (dir: string) => unknown }>('playbooks')
  if (typeof playbooks?.lanes !== 'function' || typeof playbooks.dirs !== 'function') return undefined
  for (const dir of playbooks.dirs()) {
    if (!existsSync(join(dir, 'lanes.yaml'))) continue
    const lanes = playbooks.lanes(dir)
    return lanes instanceof Map ? Object.fromEntries(lanes) : lanes
  }
  return undefined
}
