/**
 * `POST /hermes/events` (one event or an array) and `GET /hermes/events/stats`, in their own fastify
 * scope: a body limit, a batch limit and an in-flight bound, every refusal counted and answered with a
 * coded error (a refused event is never silently dropped: the client sees the status).
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { EVENTS_PATH } from './bridge-client.js'
import { snapshot } from './bridge-stats.js'
import { E } from './errors.js'
import type { HandlerDeps } from './handle-event.js'
import { type BodyLimits, processBody, refusal } from './process-body.js'

export async function registerEventsRoute(
  app: FastifyInstance,
  deps: HandlerDeps,
  limits: BodyLimits,
): Promise<void> {
  const { stats } = deps
  await app.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        stats.tooLarge++
        return reply.code(413).send(refusal(E.HERMES_EVENT_TOO_LARGE({ limit: limits.maxBodyBytes })))
      }
      if ((err.statusCode ?? 500) < 500) {
        stats.malformed++
        return reply
          .code(err.statusCode ?? 400)
          .send(refusal(E.HERMES_EVENT_MALFORMED({ reason: err.message })))
      }
      deps.log.error({ err: err.message }, '/hermes/events failed')
      return reply.code(500).send({ ok: false, error: { code: 'TIMMY_ERR_CLI_INTERNAL' } })
    })

    scope.post(EVENTS_PATH, { bodyLimit: limits.maxBodyBytes }, async (req, reply) => {
      const { status, answer } = await processBody(req.body, deps, limits, 'http')
      if (status === 503) reply.header('retry-after', '1')
      return reply.code(status).send(answer)
    })

    scope.get(`${EVENTS_PATH}/stats`, async () => snapshot(stats))
  })
}
