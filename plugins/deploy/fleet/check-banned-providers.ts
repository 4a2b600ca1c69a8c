/**
 * The per-host pre-flight (Ansible's, kept): before anything is placed, every provider of the host's
 * chain — its name, model and base URL — is checked against the host's `banned_providers` (and the
 * operator's policy families, when given). The first hit is a coded error at its line in the inventory.
 */
import { E } from '../errors.js'
import type { LoadedInventory } from './read-inventory.js'

export function checkBannedProviders(
  loaded: LoadedInventory,
  hostId: string,
  operatorBanned: readonly string[] = [],
): void {
  const entry = loaded.inventory.hosts[hostId]
  if (!entry) return
  const banned = [...entry.banned_providers, ...operatorBanned].filter((b) => b.trim())
  entry.providers.forEach((p, i) => {
    for (const field of ['name', 'model', 'base_url'] as const) {
      const value = p[field]
      if (!value) continue
      const hit = banned.find((b) => value.toLowerCase().includes(b.toLowerCase()))
      if (hit)
        throw E.FLEET_BANNED_PROVIDER(
          { host: hostId, provider: value, banned: hit },
          { loc: loaded.source.locate(['hosts', hostId, 'providers', i, field]), exitCode: 1 },
        )
    }
  })
}
