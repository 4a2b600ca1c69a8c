/** The header a same-user client sends to `timmy serve`'s POST routes: the per-install secret. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export function authHeaders(timmyHome: string): Record<string, string> {
  return { authorization: `Bearer ${readFileSync(join(timmyHome, 'secret'), 'utf8').trim()}` }
}
