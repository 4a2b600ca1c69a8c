/** Write scaffolded files, never over an existing one (all are checked before any is written). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { E } from '../../../core/errors.js'

export function writeNewFiles(root: string, files: Record<string, string>, what: string): string[] {
  for (const rel of Object.keys(files))
    if (existsSync(join(root, rel))) throw E.CLI_SCAFFOLD_EXISTS({ path: rel, what })
  const written: string[] = []
  for (const [rel, text] of Object.entries(files)) {
    const file = join(root, rel)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
    written.push(relative(root, file))
  }
  return written
}

export function checkName(name: string | undefined): string {
  if (!name || !/^[a-z][a-z0-9-]{0,40}$/.test(name)) throw E.CLI_SCAFFOLD_NAME({ name: name ?? '' })
  return name
}
