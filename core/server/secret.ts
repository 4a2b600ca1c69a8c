/**
 * The per-install secret of the bridge: `$TIMMY_HOME/secret`, 64 hex characters, mode 0600, made at the
 * first `timmy serve`, replaced by `timmy secret rotate`. The secret itself never crosses the wire: every
 * POST to `timmy serve` (but the signed Gitea webhook) carries `Authorization: Timmy ts=<unix ms>,
 * nonce=<hex>,mac=<hex>`, mac = HMAC-SHA256(secret, `${ts}.${nonce}.${method}.${path}.${sha256(body)}`)
 * (`Bearer <secret>` only when `server.acceptBearer` is set); a client sends `X-Timmy-Nonce` and
 * accepts an answer only with `X-Timmy-Proof` = HMAC-SHA256(secret, nonce): proof that the peer is timmy.
 * Light on purpose (node:fs, node:crypto): `timmy hook` imports it once per Hermes event.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const SECRET_FILE = 'secret'
export const NONCE_HEADER = 'x-timmy-nonce'
export const PROOF_HEADER = 'x-timmy-proof'

export function secretPath(timmyHome: string): string {
  return join(timmyHome, SECRET_FILE)
}

/** The secret if the file is a regular file of this user readable by nobody else (not a symlink); else undefined. */
export function readSecret(timmyHome: string): string | undefined {
  const file = secretPath(timmyHome)
  try {
    const st = lstatSync(file)
    if (!st.isFile() || (st.mode & 0o077) !== 0) return undefined
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined
    const text = readFileSync(file, 'utf8').trim()
    return text.length >= 32 ? text : undefined
  } catch {
    return undefined
  }
}

/** Write a new secret (atomically, 0600); returns it. */
export function rotateSecret(timmyHome: string): string {
  mkdirSync(timmyHome, { recursive: true, mode: 0o700 })
  const secret = randomBytes(32).toString('hex')
  const file = secretPath(timmyHome)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${secret}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
  return secret
}

/** The secret, made when there is none yet (the first `timmy serve`). A bad file is replaced. */
export function ensureSecret(timmyHome: string): string {
  return readSecret(timmyHome) ?? rotateSecret(timmyHome)
}

export function proofOf(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(nonce).digest('hex')
}

export function newNonce(): string {
  return randomBytes(16).toString('hex')
}

/** Constant-time string comparison. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** How far a signed request's `ts` may be from the server's clock. */
export const MAC_WINDOW_MS = 60_000

export interface RequestMac {
  ts: number
  nonce: string
  mac: string
}

/** The MAC of one request: `path` is the request target as sent (path and query). */
export function macOf(
  secret: string,
  ts: number,
  nonce: string,
  method: string,
  path: string,
  bodyHash: string,
): string {
  return createHmac('sha256', secret)
    .update(`${ts}.${nonce}.${method.toUpperCase()}.${path}.${bodyHash}`)
    .digest('hex')
}

export function sha256Hex(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex')
}

/** The `Authorization` value for one request: `Timmy ts=…,nonce=…,mac=…`. */
export function signRequest(
  secret: string,
  method: string,
  path: string,
  body: string | Buffer,
  now = Date.now(),
): string {
  const nonce = newNonce()
  return `Timmy ts=${now},nonce=${nonce},mac=${macOf(secret, now, nonce, method, path, sha256Hex(body))}`
}

/** The parts of an `Authorization: Timmy …` value, or undefined when it is not one (or malformed). */
export function parseRequestMac(header: string | undefined): RequestMac | undefined {
  const m = /^Timmy\s+ts=(\d{1,16}),nonce=([0-9a-f]{16,128}),mac=([0-9a-f]{64})\s*$/i.exec(header ?? '')
  return m ? { ts: Number(m[1]), nonce: m[2]!.toLowerCase(), mac: m[3]!.toLowerCase() } : undefined
}
