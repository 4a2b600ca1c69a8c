/**
 * Write `$TIMMY_HOME/bridge.json` (the URL of the running server and its pid) so Hermes-side clients
 * find it; remove it on a clean shutdown. Clients ignore a bridge.json whose pid is dead.
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type BridgeDiscovery, DISCOVERY_FILE } from './bridge-client.js'

/** The URL a local client should use for a listening address (wildcards become loopback). */
export function clientUrl(address: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** Remove bridge.json when it still names this process (a newer serve may have replaced it). */
export function removeDiscovery(timmyHome: string, pid = process.pid): void {
  const file = join(timmyHome, DISCOVERY_FILE)
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<BridgeDiscovery>
    if (doc.pid === pid) unlinkSync(file)
  } catch {}
}

export function writeDiscovery(timmyHome: string, url: string, socket?: string, now = new Date()): string {
  mkdirSync(timmyHome, { recursive: true, mode: 0o700 })
  const file = join(timmyHome, DISCOVERY_FILE)
  const doc: BridgeDiscovery = {
    url,
    ...(socket ? { socket } : {}),
    pid: process.pid,
    startedAt: now.toISOString(),
  }
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 })
  renameSync(tmp, file)
  return file
}
