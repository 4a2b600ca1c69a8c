import type { GiteaUser } from '../api-types.js'
import { E } from '../errors.js'
import type { ContextState } from './context-state.js'
import { getJson, getOrUndefined } from './get-json.js'

/** A user by name, or undefined. */
export async function getUser(s: ContextState, username: string): Promise<GiteaUser | undefined> {
  return getOrUndefined<GiteaUser>(s, `/users/${encodeURIComponent(username)}`)
}

/** Throws GITEA_UNKNOWN_USER naming every username Gitea does not know. */
export async function checkUsers(s: ContextState, usernames: readonly string[]): Promise<void> {
  const unknown: string[] = []
  for (const name of new Set(usernames)) if (!(await getUser(s, name))) unknown.push(name)
  if (unknown.length) throw E.GITEA_UNKNOWN_USER({ users: unknown.join(', ') }, { exitCode: 1 })
}

/** The token's user (asked once, then remembered; a failure is forgotten). */
export function whoami(s: ContextState): Promise<GiteaUser> {
  s.me ??= getJson<GiteaUser>(s, '/user').catch((err) => {
    s.me = undefined
    throw err
  })
  return s.me
}
