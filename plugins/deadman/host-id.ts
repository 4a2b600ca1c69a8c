/**
 * This host's id when no `hosts` plugin is loaded: computed as plugins/hosts/host-id.ts does (the
 * hostname and a short hash of TIMMY_HOME), so the id a wizard row carries matches the hosts table.
 * With the `hosts` service, its `id` (which `pluginOptions.hosts.id` may set) is used instead.
 */
import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { resolve } from 'node:path'

export function fallbackHostId(timmyHome: string): string {
  const hash = createHash('sha256').update(resolve(timmyHome)).digest('hex').slice(0, 8)
  return `${hostname()}-${hash}`
}
