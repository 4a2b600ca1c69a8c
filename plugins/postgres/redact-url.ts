/**
 * A `store.url` with its secrets hidden, for every message that names the server: the password of
 * `user:pass@` — up to the LAST `@`, so a raw `@` or `/` inside it is hidden too — and every query
 * parameter ending in `password` (`password=`, `sslpassword=`). `secretsOf` lists the hidden texts, so
 * an error from `pg` that echoes one can be scrubbed (`scrubSecrets`).
 */
const QUERY_SECRET = /([?&][^=&#]*password=)([^&#]*)/gi
const USERINFO = /^[^:/?#]*:\/\/[^:/]*:/

export function redact(url: string): string {
  const q = url.replace(QUERY_SECRET, '$1***')
  const user = USERINFO.exec(q)
  const at = q.lastIndexOf('@')
  if (!user || at < user[0].length) return q
  return `${q.slice(0, user[0].length)}***${q.slice(at)}`
}

export function secretsOf(url: string): string[] {
  const out = [...url.matchAll(QUERY_SECRET)].map((m) => m[2] ?? '')
  const q = url.replace(QUERY_SECRET, '$1')
  const user = USERINFO.exec(q)
  const at = q.lastIndexOf('@')
  if (user && at > user[0].length) out.push(q.slice(user[0].length, at))
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
