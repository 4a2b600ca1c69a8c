/** A project without a config file: the nearest folder, from `cwd` up, that holds playbooks/lanes.yaml. */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

export function findPlaybooksProject(cwd: string): string | undefined {
  let dir = resolve(cwd)
  for (;;) {
    if (existsSync(join(dir, 'playbooks', 'lanes.yaml'))) return dir // layers: not a plugin name (a project folder)
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}
