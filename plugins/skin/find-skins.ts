/** Where skins are: the configured folders (default: ./skins of the project, then timmy's own skins/). */
import { existsSync, readdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'

export interface SkinFile {
  name: string
  file: string
}

export function skinDirs(configured: readonly string[], cwd: string, packageSkins: string): string[] {
  const dirs = configured.length
    ? configured.map((d) => resolve(cwd, d))
    : [resolve(cwd, 'skins'), packageSkins]
  return [...new Set(dirs)]
}

/** Every `*.yaml` skin file, first folder wins for a name (as Hermes prefers the user file). */
export function listSkinFiles(dirs: readonly string[]): SkinFile[] {
  const seen = new Map<string, SkinFile>()
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith('.yaml')) continue
      const name = basename(entry, '.yaml')
      if (!seen.has(name)) seen.set(name, { name, file: join(dir, entry) })
    }
  }
  return [...seen.values()]
}
