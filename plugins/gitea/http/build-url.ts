import type { Query } from '../http-request.js'

/** The full URL of an API path with its query (arrays as repeated keys, undefined values left out). */
export function buildUrl(apiBase: string, path: string, query?: Query): string {
  const url = new URL(apiBase + path)
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item))
    else url.searchParams.set(k, String(v))
  }
  return url.toString()
}
