/**
 * One request body (an event or an array of events) through the bridge, with the batch and in-flight
 * bounds: shared by the HTTP route and the Unix socket. Refusals are counted and answered with a
 * coded error and an HTTP-like status (the socket puts it in the answer line).
 */

import type { WireAnswer } from './bridge-protocol.js'
import { E } from './errors.js'
import { type HandlerDeps, handleEvent } from './handle-event.js'

export interface BodyLimits {
  maxBodyBytes: number
  maxBatch: number
  maxInFlight: number
}

export interface BatchAnswer {
  ok: boolean
  accepted: number
  ignored: number
  invalid: number
  answers: WireAnswer[]
}

export type Refusal = WireAnswer & { message: string }

export function refusal(err: { code: string; bare: string }): Refusal {
  return { ok: false, error: { code: err.code }, message: err.bare }
}

export async function processBody(
  body: unknown,
  deps: HandlerDeps,
  limits: BodyLimits,
  transport: 'http' | 'socket',
): Promise<{ status: number; answer: WireAnswer | BatchAnswer | Refusal }> {
  const { stats } = deps
  stats.requests[transport]++
  const batch = Array.isArray(body)
  if (body === undefined || body === null || (typeof body !== 'object' && !batch)) {
    stats.malformed++
    return {
      status: 400,
      answer: refusal(E.HERMES_EVENT_MALFORMED({ reason: 'the body is not a JSON object or array' })),
    }
  }
  const events: unknown[] = batch ? (body as unknown[]) : [body]
  if (events.length > limits.maxBatch) {
    stats.tooLarge++
    return {
      status: 413,
      answer: refusal(E.HERMES_BATCH_TOO_LARGE({ count: events.length, limit: limits.maxBatch })),
    }
  }
  if (stats.inFlight + events.length > limits.maxInFlight) {
    stats.shed += events.length
    return {
      status: 503,
      answer: refusal(E.HERMES_BRIDGE_OVERLOADED({ inFlight: stats.inFlight, limit: limits.maxInFlight })),
    }
  }
  stats.inFlight += events.length
  try {
    if (!batch) {
      const answer = await handleEvent(body, deps)
      return { status: answer.ok ? 200 : 400, answer }
    }
    const answers: WireAnswer[] = []
    for (const e of events) answers.push(await handleEvent(e, deps))
    return {
      status: 200,
      answer: {
        ok: answers.every((a) => a.ok),
        accepted: answers.filter((a) => a.ok && !a.ignored).length,
        ignored: answers.filter((a) => a.ignored).length,
        invalid: answers.filter((a) => !a.ok).length,
        answers,
      },
    }
  } finally {
    stats.inFlight -= events.length
  }
}
