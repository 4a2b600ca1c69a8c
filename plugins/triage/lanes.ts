/** Lane → agent mapping and capacities: from the playbooks service (playbooks/lanes.yaml) or the triage options. */
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
  const playbooks = host.maybeUse<{ lanes?: () => unknown }>('playbooks')
  const fromService = playbooks?.lanes?.()
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
