/**
 * The fleet in `timmy status`, its JSON and the status page: every host sharing the store (the
 * `hosts` service), its state, version, live generation, wizards and beat age. Read, text lines and
 * page section of one section, kept in one file so the status plugin's other files barely change.
 */
import type { HostsService } from '../hosts/types.js'
import { section, table } from './page-html.js'
import type { StatusSnapshot } from './types.js'

export interface HostRowView {
  id: string
  hostname: string
  state: 'live' | 'silent' | 'stopped'
  version: string
  generation: number | null
  wizards: { wizard: string; state: string }[]
  startedAt: string
  lastBeat: string
  beatAgeSeconds: number
  /** The host this snapshot was taken on. */
  self: boolean
}

export interface HostsSection {
  backend: 'sqlite' | 'postgres'
  live: number
  silent: number
  stopped: number
  hosts: HostRowView[]
}

const iso = (t: number) => new Date(t).toISOString()

export async function readHosts(hosts: HostsService, now: number): Promise<HostsSection> {
  const [list, backend] = await Promise.all([hosts.list(now), hosts.backend()])
  const count = (s: HostRowView['state']) => list.filter((h) => h.state === s).length
  return {
    backend,
    live: count('live'),
    silent: count('silent'),
    stopped: count('stopped'),
    hosts: list.map((h) => ({
      id: h.id,
      hostname: h.hostname,
      state: h.state,
      version: h.version,
      generation: h.generation,
      wizards: h.wizards,
      startedAt: iso(h.startedAt),
      lastBeat: iso(h.beatAt),
      beatAgeSeconds: h.beatAgeSeconds,
      self: h.self,
    })),
  }
}

const wizardsOf = (h: HostRowView) => h.wizards.map((w) => `${w.wizard}:${w.state}`).join(' ') || '-'

export function hostsLines(s: HostsSection): string[] {
  const lines = [`  ${s.live} live · ${s.silent} silent · ${s.stopped} stopped (${s.backend})`]
  for (const h of s.hosts.slice(0, 8))
    lines.push(
      `  ${`${h.id}${h.self ? '*' : ''}`.padEnd(24)} ${h.state.toUpperCase().padEnd(7)} beat ${`${h.beatAgeSeconds}s ago`.padEnd(9)} v${h.version} gen ${h.generation ?? '-'} ${wizardsOf(h)}`,
    )
  return lines
}

export const hostsPageSection = (snap: StatusSnapshot) =>
  section('hosts', 'Hosts', snap.hosts, (s) => [
    table(
      'hosts',
      ['host', 'hostname', 'state', 'version', 'generation', 'wizards', 'started', 'last beat'],
      s.hosts.map((h) => [
        h.self ? `${h.id} (this)` : h.id,
        h.hostname,
        h.state,
        h.version,
        h.generation ?? '-',
        wizardsOf(h),
        h.startedAt,
        h.lastBeat,
      ]),
    ),
  ])
