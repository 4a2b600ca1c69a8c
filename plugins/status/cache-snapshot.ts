/**
 * The snapshot `/` and `/status.json` serve, reused for `ttlMs` (pluginOptions.status.snapshotTtlMs):
 * both need no secret, and a gather costs tens of ms of the main thread, so without this a flood of
 * GETs would starve the bridge's veto path. Requests during a gather wait for it; a flood costs one
 * gather per TTL.
 */
import type { StatusService, StatusSnapshot } from './types.js'

export function cacheSnapshot(service: StatusService, ttlMs: number): () => Promise<StatusSnapshot> {
  let at = Number.NEGATIVE_INFINITY
  let value: Promise<StatusSnapshot> | undefined
  let inFlight: Promise<StatusSnapshot> | undefined
  return () => {
    if (inFlight) return inFlight
    const now = Date.now()
    if (value && now - at < ttlMs) return value
    const started = service.snapshot({ now, gitea: true })
    inFlight = started
    const settle = () => {
      value = started
      at = now
      inFlight = undefined
    }
    started.then(settle, settle)
    return started
  }
}
