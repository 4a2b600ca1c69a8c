/**
 * Parse a `Link` header as Gitea writes it: entries joined by "," (no space), absolute URLs from the
 * server's ROOT_URL: `<https://…?limit=50&page=2>; rel="next",<…>; rel="last"`.
 */
export function parseLink(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!header) return out
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel="?([^",;]+)"?/g)) {
    const rel = m[2]!.trim()
    for (const r of rel.split(/\s+/)) out[r] = m[1]!
  }
  return out
}
