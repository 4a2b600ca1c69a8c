/**
 * `POST /hermes/events` (one event or an array) and `GET /hermes/events/stats`, in their own fastify
 * scope: a body limit, a batch limit and an in-flight bound, every refusal counted and answered with a
 * coded error (a refused event is never silently dropped: the client sees the status).
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { E } from '../../core/errors.js'
import { EVENTS_PATH } from '../../core/hermes/bridge-client.js'
import type { WireAnswer } from '../../core/hermes/bridge-protocol.js'
import { type BridgeStats, snapshot } from './bridge-stats.js'
import { type HandlerDeps, handleEvent } from './handle-event.js'

export interface RouteLimits {
  maxBodyBytes: number
  maxBatch: number
  maxInFlight: number
}

export async function registerEventsRoute(
  app: FastifyInstance,
  deps: HandlerDeps,
  limits: RouteLimits,
): Promise<void> {
  const { stats } = deps
  await app.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        stats.tooLarge++
        return reply.code(413).send(fail(E.HERMES_EVENT_TOO_LARGE({ limit: limits.maxBodyBytes })))
      }
      if ((err.statusCode ?? 500) < 500) {
        stats.malformed++
        return reply.code(err.statusCode ?? 400).send(fail(E.HERMES_EVENT_MALFORMED({ reason: err.message })))
      }
      deps.log.error({ err: err.message }, '/hermes/events failed')
      return reply.code(500).send({ ok: false, error: { code: 'TIMMY_ERR_CLI_INTERNAL' } })
    })

    scope.post(EVENTS_PATH, { bodyLimit: limits.maxBodyBytes }, async (req, reply) => {
      const body = req.body
      const batch = Array.isArray(body)
      const events: unknown[] = batch ? body : [body]
      if (body === undefined || body === null || (typeof body !== 'object' && !batch)) {
        stats.malformed++
        return reply
          .code(400)
          .send(fail(E.HERMES_EVENT_MALFORMED({ reason: 'the body is not a JSON object or array' })))
      }
      if (events.length > limits.maxBatch) {
        stats.tooLarge++
        return reply
          .code(413)
          .send(fail(E.HERMES_BATCH_TOO_LARGE({ count: events.length, limit: limits.maxBatch })))
      }
      if (stats.inFlight + events.length > limits.maxInFlight) {
        stats.shed += events.length
        return reply
          .code(503)
          .header('retry-after', '1')
          .send(fail(E.HERMES_BRIDGE_OVERLOADED({ inFlight: stats.inFlight, limit: limits.maxInFlight })))
      }
      stats.inFlight += events.length
      try {
        if (!batch) {
          const answer = await handleEvent(body, deps)
          return reply.code(answer.ok ? 200 : 400).send(answer)
        }
        const answers: WireAnswer[] = []
        for (const e of events) answers.push(await handleEvent(e, deps))
        return reply.send({
          ok: answers.every((a) => a.ok),
          accepted: answers.filter((a) => a.ok && !a.ignored).length,
          ignored: answers.filter((a) => a.ignored).length,
          invalid: answers.filter((a) => !a.ok).length,
          answers,
        })
      } finally {
        stats.inFlight -= events.length
      }
    })

    scope.get(`${EVENTS_PATH}/stats`, async () => snapshot(stats))
  })
}

function fail(err: { code: string; bare: string }): WireAnswer & { message: string } {
  return { ok: false, error: { code: err.code }, message: err.bare }
}
