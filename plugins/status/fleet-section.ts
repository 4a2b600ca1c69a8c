/**
 * Fleet rollouts in `timmy status`, its JSON and the status page (the `deploy.fleet` service): the
 * newest rollout with each host's step, and the hosts that drift from the last successful rollout.
 * Read, text lines and page section in one file, so the status plugin's other files barely change.
 */
import type { FleetDrift, FleetService, HostStepState, RolloutState } from '../deploy/fleet/types.js'
import { section, table } from './page-html.js'
import type { StatusSnapshot } from './types.js'

export interface FleetHostView {
  host: string
  state: HostStepState
  generation: number | null
  error: string | null
  finishedAt: string | null
}

export interface FleetSection {
  backend: 'sqlite' | 'postgres'
  self: string
  current: {
    id: number
    commit: string
    state: RolloutState
    startedBy: string
    at: string
    hosts: FleetHostView[]
  } | null
  lastSuccessful: { id: number; commit: string } | null
  drift: FleetDrift[]
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())

export async function readFleet(fleet: FleetService): Promise<FleetSection> {
  const s = await fleet.status()
  const c = s.current
  return {
    backend: s.backend,
    self: s.self,
    current: c && {
      id: c.id,
      commit: c.commit,
      state: c.state,
      startedBy: c.startedBy,
      at: iso(c.createdAt)!,
      hosts: c.hosts.map((h) => ({
        host: h.host,
        state: h.state,
        generation: h.generation,
        error: h.error ? `${h.error.code ?? 'error'}: ${h.error.message}` : null,
        finishedAt: iso(h.finishedAt),
      })),
    },
    lastSuccessful: s.lastSuccessful && { id: s.lastSuccessful.id, commit: s.lastSuccessful.commit },
    drift: s.drift,
  }
}

export function fleetLines(s: FleetSection): string[] {
  if (!s.current)
    return ['  no rollout yet (a push with config/inventory.yaml, or timmy fleet deploy <commit>)']
  const c = s.current
  const lines = [`  rollout ${c.id} ${c.commit.slice(0, 12)} ${c.state.toUpperCase()} (from ${c.startedBy})`]
  for (const h of c.hosts)
    lines.push(
      `  ${h.host.padEnd(24)} ${h.state.padEnd(9)} gen ${h.generation ?? '-'}${h.error ? ` ${h.error}` : ''}`,
    )
  for (const d of s.drift)
    lines.push(`  drift: ${d.host} is on generation ${d.live ?? '-'}, rollout left ${d.expected ?? '-'}`)
  return lines
}

export const fleetPageSection = (snap: StatusSnapshot) =>
  section('fleet', 'Fleet rollout', snap.fleet, (s) => [
    table(
      'fleet',
      ['host', 'step', 'generation', 'error', 'finished'],
      (s.current?.hosts ?? []).map((h) => [
        h.host,
        h.state,
        h.generation ?? '-',
        h.error ?? '',
        h.finishedAt ?? '',
      ]),
    ),
    table(
      'fleet-drift',
      ['drifting host', 'live', 'expected', 'commit'],
      s.drift.map((d) => [d.host, d.live ?? '-', d.expected ?? '-', d.commit.slice(0, 12)]),
    ),
  ])
