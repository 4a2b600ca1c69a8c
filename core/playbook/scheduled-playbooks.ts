/**
 * Playbooks with `on: { schedule }`, found by reading only their `on:` (the full check needs every
 * plugin's steps, which do not exist yet while plugins set up). Each becomes a periodic queue task;
 * invalid files are skipped here (`timmy validate` reports them).
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadYamlFile } from '../config/yaml-source.js'

export interface ScheduledPlaybook {
  name: string
  file: string
  schedule: string
  timezone?: string
}

export function findScheduledPlaybooks(dirs: readonly string[]): ScheduledPlaybook[] {
  const out: ScheduledPlaybook[] = []
  const seen = new Set<string>()
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const f of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/i.test(f) || /^lanes\.ya?ml$/i.test(f)) continue
      try {
        const doc = loadYamlFile(join(dir, f)).value as {
          name?: unknown
          on?: { schedule?: unknown; timezone?: unknown }
        }
        const name = typeof doc.name === 'string' ? doc.name : f.replace(/\.ya?ml$/i, '')
        if (seen.has(name)) continue
        seen.add(name)
        const on = doc.on
        if (on && typeof on === 'object' && typeof on.schedule === 'string')
          out.push({
            name,
            file: join(dir, f),
            schedule: on.schedule,
            ...(typeof on.timezone === 'string' ? { timezone: on.timezone } : {}),
          })
      } catch {}
    }
  }
  return out
}
