/** The fleet's hosts (the `hosts` service), read at scrape time: hosts per state and each host's beat age. */
import type { ScrapeMetrics } from './scrape-metrics.js'

const STATES = ['live', 'silent', 'stopped'] as const

export function defineHostMetrics(m: ScrapeMetrics): void {
  m.gauge('timmy_hosts', 'Hosts sharing the store, by state (live, silent, stopped).', ['state'], (g, f) => {
    if (!f.hosts) return
    for (const s of STATES) g.set({ state: s }, f.hosts.filter((h) => h.state === s).length)
  })
  m.gauge(
    'timmy_host_beat_age_seconds',
    "Seconds since each host's last beat (stopped hosts left out).",
    ['host'],
    (g, f) => {
      for (const h of f.hosts ?? []) if (h.state !== 'stopped') g.set({ host: h.id }, h.beatAgeSeconds)
    },
  )
}
