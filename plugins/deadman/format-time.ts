/** Time as deadman messages show it: an ISO stamp, or seconds to one decimal. */
export const iso = (ms: number): string => new Date(ms).toISOString()
export const secs = (ms: number): number => Math.round(ms / 100) / 10
