/** Why another user could change a file or folder (group- or world-writable, owned by neither us nor root); else undefined. */
import { existsSync, type Stats, statSync } from 'node:fs'
import { join } from 'node:path'
import { E } from './errors.js'

export function unsafeReason(path: string, st: Stats = statSync(path)): string | undefined {
  if (st.mode & 0o002) return 'it is writable by every user'
  if (st.mode & 0o020) return 'it is writable by its group'
  const uid = process.getuid?.()
  if (uid !== undefined && st.uid !== uid && st.uid !== 0)
    return `it is owned by uid ${st.uid}, not by the user running timmy (${uid})`
}

/** Refuse config files others could change, before anything of them is read or run. */
export const assertSafeConfig = (...paths: string[]) => refuse(paths, E.CONFIG_UNSAFE)

/** Refuse a TIMMY_HOME (or its timmy.db, generations/, deploy/) another user owns or may write. */
export const assertSafeHome = (home: string) =>
  refuse([home, ...['timmy.db', 'generations', 'deploy'].map((f) => join(home, f))], E.HOME_UNSAFE) // layers: not a plugin name (folders in TIMMY_HOME)

function refuse(paths: string[], error: (a: { path: string; reason: string }) => Error): void {
  for (const path of paths) {
    const reason = existsSync(path) ? unsafeReason(path) : undefined
    if (reason) throw error({ path, reason })
  }
}
