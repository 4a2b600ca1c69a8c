import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { listDirs } from './list-dirs.js'
import type { PlaybooksState } from './service-state.js'

/** Every playbook file in the searched folders, sorted; a name in an earlier folder shadows later ones. */
export function listPlaybookFiles(state: PlaybooksState): string[] {
  const seen = new Set<string>()
  const files: string[] = []
  for (const d of listDirs(state)) {
    if (!existsSync(d)) continue
    for (const f of readdirSync(d).sort()) {
      if (!/\.ya?ml$/i.test(f) || /^lanes\.ya?ml$/i.test(f)) continue
      const name = f.replace(/\.ya?ml$/i, '')
      if (seen.has(name)) continue
      seen.add(name)
      files.push(join(d, f))
    }
  }
  return files
}
