/**
 * A `store.url` with its secrets hidden, for every message that names the server: the password of
 * `user:pass@` — up to the last `@` of the authority, so a raw `@` inside it is hidden too — and every query
 * parameter ending in `password` (`password=`, `sslpassword=`). `secretsOf` lists the hidden texts, so
 * an error from `pg` that echoes one can be scrubbed (`scrubSecrets`).
 */
const QUERY_SECRET = /([?&][^=&#]*password=)([^&#]*)/gi
const USERINFO = /^[^:/?#]*:\/\/[^:/]*:/

/**
 * Where the password of `user:pass@` sits in `q`: up to the last `@` of the authority (WHATWG, as pg
 * reads it); when the authority has none, up to the last `@` before the query (a raw `/` in the
 * password); in a URL that does not parse (pg refuses it, but the message names it), up to the last
 * `@` anywhere. Hiding too much rather than too little.
 */
function passwordSpan(q: string, parseable: boolean): [number, number] | undefined {
  const user = USERINFO.exec(q)
  if (!user) return undefined
  const start = user[0].length
  const before = (stops: RegExp) => {
    const i = q.slice(start).search(stops)
    return q.slice(0, i === -1 ? q.length : start + i).lastIndexOf('@')
  }
  const at = Math.max(before(/[/?#]/), before(/[?#]/), parseable ? -1 : q.lastIndexOf('@'))
  return at >= start ? [start, at] : undefined
}

function parses(url: string): boolean {
  try {
    new URL(url)
    return true
  } catch {
    return false
  }
}

export function redact(url: string): string {
  const q = url.replace(QUERY_SECRET, '$1***')
  const span = passwordSpan(q, parses(url))
  return span ? `${q.slice(0, span[0])}***${q.slice(span[1])}` : q
}

export function secretsOf(url: string): string[] {
  const out = [...url.matchAll(QUERY_SECRET)].map((m) => m[2] ?? '')
  const q = url.replace(QUERY_SECRET, '$1')
  const span = passwordSpan(q, parses(url))
  if (span) out.push(q.slice(span[0], span[1]))
  const all = out.flatMap((s) => [s, safeDecode(s)])
  return [...new Set(all.filter((s) => s.length > 0))]
}

/** `text` with every secret of `url` replaced by `***` (for an error reason that may echo it). */
export function scrubSecrets(text: string, url: string): string {
  return secretsOf(url).reduce((t, s) => t.split(s).join('***'), redactUrlsIn(text, url))
}

function redactUrlsIn(text: string, url: string): string {
  return text.split(url).join(redact(url))
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
