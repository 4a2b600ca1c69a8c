/** Lane → agent mapping and capacities: from the playbooks service (playbooks/lanes.yaml) or the triage options. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PluginHost } from '../../core/plugin.js'
import type { Lanes } from '../playbooks/load-lanes.js'

export interface LaneInfo {
  name: string
  agent: string
  maxConcurrent: number
  /** owner/repo patterns (see core/playbook/match-lane-repo.ts); `["*"]` when the lane names none. */
  repos: string[]
}

export function resolveLanes(
  host: Pick<PluginHost, 'maybeUse'>,
  fallback: Record<string, { agent: string; maxConcurrent?: number; repos?: string[] }>,
): LaneInfo[] {
  const fromService = playbookLanes(host)
  if (fromService)
    return [...fromService.values()].map((l) => ({
      name: l.name,
      agent: l.wizard,
      maxConcurrent: l.maxConcurrent,
      repos: [...l.repos],
    }))
  return Object.entries(fallback).map(([name, l]) => ({
    name,
    agent: l.agent,
    maxConcurrent: l.maxConcurrent ?? 1,
    repos: l.repos ? [...l.repos] : ['*'],
  }))
}

/** The lanes of the first playbooks folder that has a lanes.yaml (the service's `lanes(dir)`), or undefined. */
function playbookLanes(host: Pick<PluginHost, 'maybeUse'>): Lanes | undefined {
  const playbooks = host.maybeUse('playbooks')
  if (!playbooks) return undefined
  for (const dir of playbooks.dirs()) if (existsSync(join(dir, 'lanes.yaml'))) return playbooks.lanes(dir)
  return undefined
}
