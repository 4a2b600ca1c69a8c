/**
 * Webhook signature check: lowercase hex HMAC-SHA256(secret, raw body bytes). `X-Gitea-Signature` is the
 * bare hex; `X-Hub-Signature-256` carries a `sha256=` prefix. Compared in constant time over the raw
 * bytes: a re-serialised body (Go escapes `<>&` as \u003c…) does not verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type SignatureVerdict = 'ok' | 'missing' | 'bad'

export function signBody(raw: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(raw).digest('hex')
}

export function verifySignature(
  raw: Buffer,
  headers: { giteaSignature?: string | undefined; hubSignature256?: string | undefined },
  secret: string,
): SignatureVerdict {
  let given = headers.giteaSignature?.trim() ?? ''
  if (given === '') {
    const hub = headers.hubSignature256?.trim() ?? ''
    given = hub.toLowerCase().startsWith('sha256=') ? hub.slice(7) : ''
  }
  if (given === '') return 'missing'
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return 'bad'
  const expected = createHmac('sha256', secret).update(raw).digest()
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? 'ok' : 'bad'
}
