/** Overlay folders listed in name order, refusing symlinks (deploy would ship what they point to). */
import { existsSync, lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { E } from './errors.js'

/** A symlinked overlay file or folder would make deploy read (and ship) whatever it points to. */
export function refuseSymlink(abs: string, shown: string): void {
  if (lstatSync(abs).isSymbolicLink())
    throw E.DEPLOY_BAD_FILE(
      { reason: `${shown} is a symlink; put the real file or folder in the overlay` },
      { loc: { file: abs } },
    )
}

/** Files of `dir` (none when it is absent), sorted; `recursive` descends into folders. */
export function listDir(dir: string, recursive = false): string[] {
  if (!existsSync(dir) && !isLink(dir)) return []
  refuseSymlink(dir, dir)
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === '__pycache__') continue
    const full = join(dir, e.name)
    if (e.isDirectory() && recursive) out.push(...listDir(full, true))
    else if (e.isFile()) out.push(full)
    else if (e.isSymbolicLink())
      throw E.DEPLOY_BAD_FILE(
        { reason: `${e.name} is a symlink; put the real file in the overlay` },
        { loc: { file: full } },
      )
  }
  return out
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}
