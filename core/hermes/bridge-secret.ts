/**
 * The per-install secret of the bridge: `$TIMMY_HOME/secret`, 64 hex characters, mode 0600, made at the
 * first `timmy serve`, replaced by `timmy secret rotate`. Every POST to `timmy serve` (but the signed
 * Gitea webhook) carries it as `Authorization: Bearer <secret>`; a client sends `X-Timmy-Nonce` and
 * accepts an answer only with `X-Timmy-Proof` = HMAC-SHA256(secret, nonce): proof that the peer is timmy.
 * Light on purpose (node:fs, node:crypto): `timmy hook` imports it once per Hermes event.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const SECRET_FILE = 'secret'
export const NONCE_HEADER = 'x-timmy-nonce'
export const PROOF_HEADER = 'x-timmy-proof'

export function secretPath(timmyHome: string): string {
  return join(timmyHome, SECRET_FILE)
}

/**
 * The secret, when the file is a regular file owned by this user and readable by nobody else;
 * undefined otherwise (missing, a symlink, someone else's, or group/world-readable).
 */
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
