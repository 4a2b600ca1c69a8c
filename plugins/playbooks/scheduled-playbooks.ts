/**
 * Playbooks with `on: { schedule }`, found by reading only their `on:` (the full check needs every
 * plugin's steps, which do not exist yet while plugins set up). Each becomes a periodic queue task;
 * invalid files, and schedules the queue could not parse, are skipped here and handed to `onInvalid`
 * with their file:line:col (`timmy validate` reports them too), so one bad file fails no other command.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import { reasonOf, type TimmyError } from '../../core/errors.js'
import { parseCron } from '../queue/parse-cron.js'
import { E } from './errors.js'

export interface ScheduledPlaybook {
  name: string
  file: string
  schedule: string
  timezone?: string
}

export function findScheduledPlaybooks(
  dirs: readonly string[],
  onInvalid: (err: TimmyError) => void = () => {},
): ScheduledPlaybook[] {
  const out: ScheduledPlaybook[] = []
  const seen = new Set<string>()
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const f of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/i.test(f) || /^lanes\.ya?ml$/i.test(f)) continue
      try {
        const source = loadYamlFile(join(dir, f))
        const doc = source.value as {
          name?: unknown
          on?: { schedule?: unknown; timezone?: unknown }
        }
        const name = typeof doc.name === 'string' ? doc.name : f.replace(/\.ya?ml$/i, '')
        if (seen.has(name)) continue
        seen.add(name)
        const on = doc.on
        if (on && typeof on === 'object' && typeof on.schedule === 'string') {
          const timezone = typeof on.timezone === 'string' ? on.timezone : undefined
          try {
            parseCron(name, on.schedule, timezone)
          } catch (err) {
            onInvalid(
              E.PLAYBOOK_BAD_CRON(
                { expr: on.schedule, reason: reasonOf((err as TimmyError).cause ?? err) },
                { loc: source.locate(['on', 'schedule']) },
              ),
            )
            continue
          }
          out.push({
            name,
            file: join(dir, f),
            schedule: on.schedule,
            ...(timezone ? { timezone } : {}),
          })
        }
      } catch {
        // not a readable playbook: `timmy validate` and the commands that load it say why
      }
    }
  }
  return out
}
