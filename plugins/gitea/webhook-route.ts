/**
 * `POST /hooks/gitea`: verify, de-duplicate, acknowledge, hand on. Answers within the request (Gitea
 * waits 5 s at most and never retries on its own); the work item is handed on after the answer.
 * 401 missing/bad signature · 413 body over the limit · 400 not a JSON object · 200 a known delivery id
 * (ignored) or the same signed body under a fresh id within the replay window (ignored, counted) · 202 accepted. The raw bytes are what is verified, so the body is read as a Buffer, never re-parsed first.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { WorkItem } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { DeliveryLog } from './delivery-log.js'
import { toWorkItem } from './to-work-item.js'
import { verifySignature } from './verify-signature.js'

export interface WebhookRouteOptions {
  path?: string
  /** Empty only with `insecure: true` (the caller refuses otherwise). */
  secret: string
  insecure: boolean
  bodyLimit: number
  deliveries: DeliveryLog
  /** Called after the answer was sent. */
  onItem(item: WorkItem): void
  log: Logger
  now?: () => number
}

export async function registerWebhookRoute(app: FastifyInstance, o: WebhookRouteOptions): Promise<void> {
  const now = o.now ?? Date.now
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: o.bodyLimit }, (_req, body, done) =>
      done(null, body),
    )
    scope.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
      const status = err.statusCode ?? 500
      const code = status === 413 ? 'body_too_large' : status < 500 ? 'bad_request' : 'internal'
      if (status >= 500) o.log.error({ err: err.message }, 'gitea webhook failed')
      return reply.code(status).send({ ok: false, error: code })
    })
    // `signed`: the HMAC signature authenticates a delivery, not timmy's bridge secret (guard-requests.ts).
    scope.post(
      o.path ?? '/hooks/gitea',
      { bodyLimit: o.bodyLimit, config: { signed: true } },
      async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
        const h = req.headers
        const header = (name: string) => {
          const v = h[name]
          return Array.isArray(v) ? v[0] : v
        }
        const contentType = String(header('content-type') ?? '')
        // The form content type signs the JSON in its `payload` field, not the urlencoded body.
        const json = contentType.startsWith('application/x-www-form-urlencoded')
          ? Buffer.from(new URLSearchParams(raw.toString('utf8')).get('payload') ?? '', 'utf8')
          : raw
        if (!(o.insecure && o.secret === '')) {
          const verdict = verifySignature(
            json,
            { giteaSignature: header('x-gitea-signature'), hubSignature256: header('x-hub-signature-256') },
            o.secret,
          )
          if (verdict !== 'ok')
            return fail(reply, 401, verdict === 'missing' ? 'missing_signature' : 'bad_signature')
        }
        let payload: unknown
        try {
          payload = JSON.parse(json.toString('utf8'))
        } catch {
          return fail(reply, 400, 'not_json')
        }
        if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
          return fail(reply, 400, 'not_an_object')
        const event = String(header('x-gitea-event') ?? header('x-gogs-event') ?? '')
        if (event === '') return fail(reply, 400, 'missing_event')
        const digest = createHash('sha256').update(json).digest('hex')
        const id = String(header('x-gitea-delivery') ?? '') || `sha256:${digest}`
        const verdict = await o.deliveries.remember(id, event, digest)
        if (verdict === 'duplicate') return reply.code(200).send({ ok: true, duplicate: true, id })
        if (verdict === 'replay') {
          o.log.warn({ id, event, digest }, 'gitea delivery refused: the same signed body was seen before')
          return reply.code(200).send({ ok: true, ignored: true, reason: 'replay' })
        }
        const item = toWorkItem(
          {
            id,
            event,
            eventType: String(header('x-gitea-event-type') ?? event),
            payload: payload as Record<string, unknown>,
          },
          new Date(now()),
        )
        // After the answer went out (or the socket died: the id is stored, so the item must still go on).
        reply.raw.once('close', () => setImmediate(() => o.onItem(item)))
        return reply.code(202).send({ ok: true, id })
      },
    )
  })
}

function fail(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).send({ ok: false, error })
}
