/**
 * The fleet's state for `timmy status` and `timmy fleet`: the newest rollout with each host's step,
 * and drift — a host whose live generation (its `hosts` row; this host's own deploy state when there
 * is no hosts plugin) differs from the generation the last successful rollout left it on.
 */
import type { HostsService } from '../../hosts/types.js'
import type { Rollout, RolloutStore } from './rollout-store.js'
import type { FleetDrift, FleetStatus } from './types.js'

export async function readFleetStatus(
  store: RolloutStore,
  self: { id: string; live(): number | null },
  hosts: HostsService | undefined,
): Promise<FleetStatus> {
  const recent = await store.list(20)
  const lastSuccessful = recent.find((r) => r.state === 'done') ?? null
  return {
    backend: store.kind,
    self: self.id,
    current: recent[0] ?? null,
    lastSuccessful,
    drift: lastSuccessful ? await findFleetDrift(lastSuccessful, self, hosts) : [],
  }
}

async function findFleetDrift(
  r: Rollout,
  self: { id: string; live(): number | null },
  hosts: HostsService | undefined,
): Promise<FleetDrift[]> {
  const rows = new Map((hosts ? await hosts.list() : []).map((h) => [h.id, h.generation]))
  if (!rows.has(self.id)) rows.set(self.id, self.live())
  const out: FleetDrift[] = []
  for (const h of r.hosts) {
    if (!rows.has(h.host) && !hosts) continue
    const live = rows.get(h.host) ?? null
    if (live !== h.generation) out.push({ host: h.host, expected: h.generation, live, commit: r.commit })
  }
  return out
}
