/** A Gitea webhook delivery as Gitea sends it: Go-style JSON body, the event headers, HMAC-SHA256 signatures. */
import { createHmac, randomUUID } from 'node:crypto'
import { goJson } from '../gitea/payloads.js'

export interface SignedDelivery {
  id: string
  body: string
  headers: Record<string, string>
}

export function signedDelivery(
  event: string,
  eventType: string,
  payload: unknown,
  secret: string,
): SignedDelivery {
  const body = goJson(payload)
  const sig = createHmac('sha256', secret).update(body).digest('hex')
  const id = randomUUID()
  return {
    id,
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Gitea-Delivery': id,
      'X-Gitea-Event': event,
      'X-Gitea-Event-Type': eventType,
      'X-Gitea-Signature': sig,
      'X-Hub-Signature-256': `sha256=${sig}`,
      'X-Gitea-Hook-Installation-Target-Type': 'repository',
    },
  }
}

/** POST one signed delivery to timmy's receiver; resolves with the HTTP status. */
export async function sendWebhook(
  url: string,
  secret: string,
  event: string,
  eventType: string,
  payload: unknown,
): Promise<number> {
  const d = signedDelivery(event, eventType, payload, secret)
  const res = await fetch(url, { method: 'POST', headers: d.headers, body: d.body })
  await res.arrayBuffer()
  return res.status
}
