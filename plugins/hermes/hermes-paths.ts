/**
 * Where Hermes keeps the files timmy writes (FORMATS.md §0). Every path is resolved inside
 * `$HERMES_HOME` and refused when it would escape it (`..`, absolute names, a symlinked folder).
 */
import { existsSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { E } from './errors.js'

export const HERMES_FILES = Object.freeze({
  config: 'config.yaml',
  soul: 'SOUL.md',
  channelAliases: 'channel_aliases.json',
  memories: 'memories',
  skins: 'skins',
  plugins: 'plugins',
  cronJobs: 'cron/jobs.json',
  cronLock: 'cron/.jobs.lock',
})

/** A skin's name (file name and in-file `name`): Hermes builds paths and lookups from it. */
export const SKIN_NAME = /^[a-z0-9][a-z0-9_-]*$/

/** Does `file`, with every symlink resolved, stay inside `root` (also resolved)? Missing: false. */
export function staysInside(root: string, file: string): boolean {
  try {
    const r = relative(realpathSync(root), realpathSync(file))
    return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r))
  } catch {
    return false
  }
}

/** Files Hermes treats as private (chmod 0600): config may hold keys, the rest is personal. */
export function isPrivatePath(rel: string): boolean {
  return (
    rel === HERMES_FILES.config ||
    rel === HERMES_FILES.channelAliases ||
    rel === HERMES_FILES.cronJobs ||
    rel.startsWith(`${HERMES_FILES.memories}/`)
  )
}

/**
 * Resolve `rel` (with `/` separators) under `root`, refusing anything outside it — also through a
 * symlinked parent folder. The parent need not exist yet.
 */
export function resolveInside(root: string, rel: string): string {
  if (!rel || isAbsolute(rel) || rel.split('/').some((s) => s === '..' || s === '' || s === '.'))
    throw E.DEPLOY_PATH_ESCAPE({ path: rel, root })
  const full = resolve(root, ...rel.split('/'))
  const within = (base: string, p: string) => {
    const r = relative(base, p)
    return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r)
  }
  if (!within(root, full)) throw E.DEPLOY_PATH_ESCAPE({ path: full, root })
  // The deepest existing ancestor must really live under the real root (no symlinked folder out).
  if (existsSync(root)) {
    const realRoot = realpathSync(root)
    let dir = dirname(full)
    while (!existsSync(dir) && dir !== root) dir = dirname(dir)
    const realDir = realpathSync(dir)
    if (realDir !== realRoot && !within(realRoot, realDir)) throw E.DEPLOY_PATH_ESCAPE({ path: full, root })
  }
  return full
}
