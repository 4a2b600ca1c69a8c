/** This host's default id: the machine's hostname and a short hash of TIMMY_HOME (stable across restarts). */
import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { resolve } from 'node:path'

export function defaultHostId(timmyHome: string): string {
  const hash = createHash('sha256').update(resolve(timmyHome)).digest('hex').slice(0, 8)
  return `${hostname()}-${hash}`
}
