/** Why another user could change a file or folder (group- or world-writable, owned by neither us nor root); else undefined. */
import { type Stats, statSync } from 'node:fs'
import { E } from './errors.js'

export function unsafeReason(path: string, st: Stats = statSync(path)): string | undefined {
  if (st.mode & 0o002) return 'it is writable by every user'
  if (st.mode & 0o020) return 'it is writable by its group'
  const uid = process.getuid?.()
  if (uid !== undefined && st.uid !== uid && st.uid !== 0)
    return `it is owned by uid ${st.uid}, not by the user running timmy (${uid})`
}

/** Refuse config files others could change, before anything of them is read or run. */
export function assertSafeConfig(...paths: string[]): void {
  for (const path of paths) {
    const reason = unsafeReason(path)
    if (reason) throw E.CONFIG_UNSAFE({ path, reason })
  }
}
