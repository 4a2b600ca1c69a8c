/** The lane a scaffolded playbook gets: the first lane of the project's playbooks/lanes.yaml (a project is required). */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { E } from '../../../core/errors.js'

export function projectLane(cwd: string, what: string): string {
  const file = join(cwd, 'playbooks', 'lanes.yaml')
  if (!existsSync(file)) throw E.CLI_SCAFFOLD_NO_PROJECT({ dir: cwd, what })
  let lanes: unknown
  try {
    lanes = (parse(readFileSync(file, 'utf8')) as { lanes?: unknown } | null)?.lanes
  } catch {
    lanes = undefined // a broken lanes.yaml: timmy validate reports it
  }
  const first = lanes && typeof lanes === 'object' ? Object.keys(lanes)[0] : undefined
  return first ?? 'coordinator'
}
