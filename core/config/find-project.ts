/** A project without a config file: the nearest folder, from `cwd` up, with playbooks/lanes.yaml (refused if others may write it). */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { assertSafeConfig } from '../unsafe-reason.js'

export function findPlaybooksProject(cwd: string): string | undefined {
  let dir = resolve(cwd)
  for (;;) {
    const lanes = join(dir, 'playbooks', 'lanes.yaml') // layers: not a plugin name (a project folder)
    if (existsSync(lanes)) {
      assertSafeConfig(dirname(lanes), lanes)
      return dir
    }
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}
