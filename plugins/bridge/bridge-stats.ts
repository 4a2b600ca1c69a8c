/** Counters of `/hermes/events`: what arrived, what was accepted, ignored, refused, and why. */

export interface BridgeStats {
  /** Request bodies by transport (HTTP requests, Unix socket lines). */
  requests: { http: number; socket: number }
  /** Events seen (one per event, batches counted per element). */
  received: number
  /** Valid events of known hooks, routed through `hermesEvent`. */
  accepted: number
  acceptedByHook: Record<string, number>
  /** Events of hook names Hermes does not define: ignored. */
  unknown: number
  unknownByName: Record<string, number>
  /** Events with the wrong shape or wrong kwarg types. */
  invalid: number
  /** Requests whose body was not JSON, or not an event or array of events. */
  malformed: number
  /** Requests over the body limit, or batches over the batch limit. */
  tooLarge: number
  /** Events refused because too many were in flight (the client got 503, nothing silently dropped). */
  shed: number
  vetoes: number
  usageEvents: number
  /** Veto services that threw or did not answer in time (the fail policy decided). */
  vetoErrors: number
  inFlight: number
}

/** Distinct unknown names remembered; the rest are counted under "(other)". */
const MAX_NAMES = 64

export function createStats(): BridgeStats {
  return {
    requests: { http: 0, socket: 0 },
    received: 0,
    accepted: 0,
    acceptedByHook: {},
    unknown: 0,
    unknownByName: {},
    invalid: 0,
    malformed: 0,
    tooLarge: 0,
    shed: 0,
    vetoes: 0,
    usageEvents: 0,
    vetoErrors: 0,
    inFlight: 0,
  }
}

export function countUnknown(stats: BridgeStats, name: string): void {
  stats.unknown++
  const key =
    name in stats.unknownByName || Object.keys(stats.unknownByName).length < MAX_NAMES
      ? name.slice(0, 64)
      : '(other)'
  stats.unknownByName[key] = (stats.unknownByName[key] ?? 0) + 1
}

export function snapshot(stats: BridgeStats): BridgeStats {
  return {
    ...stats,
    requests: { ...stats.requests },
    acceptedByHook: { ...stats.acceptedByHook },
    unknownByName: { ...stats.unknownByName },
  }
}
