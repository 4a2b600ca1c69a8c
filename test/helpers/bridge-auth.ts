/** The header a same-user client sends to `timmy serve`'s POST routes: a request signed with the per-install secret. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { signRequest } from '../../core/server/secret.js'

export function authHeaders(
  timmyHome: string,
  req: { body: string; path?: string; method?: string },
): Record<string, string> {
  const secret = readFileSync(join(timmyHome, 'secret'), 'utf8').trim()
  return { authorization: signRequest(secret, req.method ?? 'POST', req.path ?? '/hermes/events', req.body) }
}
