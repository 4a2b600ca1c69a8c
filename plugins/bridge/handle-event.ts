/**
 * One Hermes event through timmy: validate (TypeBox per hook name) → reservations → `hermesEvent`
 * (deadman, provenance, budget observe it) → `usage` for `post_api_request` → for `pre_tool_call` /
 * `pre_llm_call`, ask the `beforeToolCall` bail hook (policy and budget tap it) and answer in the shape
 * Hermes honours. A tap that throws fails closed (the hook guard); with `failPolicy: open` such a failed
 * veto, or no answer within `vetoTimeoutMs`, lets the call go on (counted as a veto error).
 */

import type { HermesEvent, HermesOrigin, Hooks, ToolCallQuery, Veto } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import { checkKwargs, isKnownHook } from './bridge-events.js'
import { type HermesReply, vetoReply, type WireAnswer } from './bridge-protocol.js'
import { type BridgeStats, countUnknown } from './bridge-stats.js'
import { usageFromHermes } from './bridge-usage.js'
import type { SessionReservations } from './session-reservations.js'

export interface HandlerDeps {
  hooks: Hooks
  stats: BridgeStats
  reservations: SessionReservations
  failPolicy: 'open' | 'closed'
  vetoTimeoutMs: number
  now: () => number
  log: Logger
}

const HOOK_NAME = /^[a-z][a-z0-9_:]{0,63}$/

const invalid = (stats: BridgeStats, path: string, expected: string): WireAnswer => {
  stats.invalid++
  return { ok: false, error: { code: 'TIMMY_ERR_HERMES_EVENT_INVALID', path, expected } }
}

export async function handleEvent(raw: unknown, deps: HandlerDeps): Promise<WireAnswer> {
  const { stats } = deps
  stats.received++
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return invalid(stats, '', 'an object {"hook", "kwargs"}')
  const { hook, kwargs } = raw as Record<string, unknown>
  if (typeof hook !== 'string' || !HOOK_NAME.test(hook))
    return invalid(stats, 'hook', 'a Hermes hook name (lowercase letters, digits, "_")')
  if (!kwargs || typeof kwargs !== 'object' || Array.isArray(kwargs))
    return invalid(stats, 'kwargs', 'an object of the hook keyword arguments')
  if (!isKnownHook(hook)) {
    countUnknown(stats, hook)
    return { ok: true, ignored: true, reply: null }
  }
  const problem = checkKwargs(hook, kwargs)
  if (problem) return invalid(stats, problem.path, problem.expected)

  const args = kwargs as Record<string, unknown>
  const at = new Date(deps.now()).toISOString()
  const sid = args.session_id ?? args.parent_session_id
  const sessionId = typeof sid === 'string' || typeof sid === 'number' ? String(sid) : undefined
  const event: HermesEvent = { hook, payload: args, at, ...(sessionId ? { sessionId } : {}) }
  const origin = originOf(raw as Record<string, unknown>)
  if (origin) event.origin = origin
  track(deps.reservations, hook, sessionId, args)

  await deps.hooks.hermesEvent.promise(event)
  if (hook === 'post_api_request') {
    const usage = usageFromHermes(args, at)
    // A retried event (the client resends after a timeout) must be counted once: key it by its API call.
    if (usage && sessionId && args.api_request_id !== undefined && args.api_request_id !== null)
      usage.key = `hermes:${sessionId}:${String(args.api_request_id)}`
    if (usage) {
      stats.usageEvents++
      await deps.hooks.usage.promise(usage)
    }
  }
  let reply: HermesReply | null = null
  if (hook === 'pre_tool_call' || hook === 'pre_llm_call') reply = await decide(event, sessionId, deps)
  stats.accepted++
  stats.acceptedByHook[hook] = (stats.acceptedByHook[hook] ?? 0) + 1
  return { ok: true, reply }
}

function originOf(raw: Record<string, unknown>): HermesOrigin | undefined {
  const o = raw.origin && typeof raw.origin === 'object' ? (raw.origin as Record<string, unknown>) : {}
  const origin: HermesOrigin = {}
  if (typeof raw.source === 'string' && raw.source.length <= 32) origin.source = raw.source
  if (typeof o.profile === 'string' && o.profile.length <= 128) origin.profile = o.profile
  if (typeof o.hermes_home === 'string' && o.hermes_home.length <= 1024) origin.hermesHome = o.hermes_home
  if (Number.isInteger(o.pid) && (o.pid as number) > 0) origin.pid = o.pid as number
  return Object.keys(origin).length ? origin : undefined
}

function track(
  reservations: SessionReservations,
  hook: string,
  sessionId: string | undefined,
  args: Record<string, unknown>,
): void {
  if (!sessionId) return
  const requestId =
    args.api_request_id === undefined || args.api_request_id === null
      ? undefined
      : String(args.api_request_id)
  if (hook === 'pre_api_request' && requestId) {
    const n = (v: unknown) => (typeof v === 'number' && v > 0 ? v : 0)
    reservations.reserve(sessionId, requestId, n(args.approx_input_tokens) + n(args.max_tokens))
  } else if ((hook === 'post_api_request' || hook === 'api_request_error') && requestId) {
    reservations.release(sessionId, requestId)
  } else if (hook === 'on_session_end' || hook === 'on_session_finalize') {
    reservations.endSession(sessionId)
  }
}

async function decide(
  event: HermesEvent,
  sessionId: string | undefined,
  deps: HandlerDeps,
): Promise<HermesReply | null> {
  const contexts: string[] = []
  const toolName = typeof event.payload.tool_name === 'string' ? event.payload.tool_name : undefined
  const query: ToolCallQuery = {
    event,
    reservedTokens: deps.reservations.reserved(sessionId),
    ...(sessionId ? { sessionId } : {}),
    ...(toolName ? { toolName } : {}),
    addContext: (text) => {
      if (text) contexts.push(text)
    },
  }
  let veto = await ask(query, deps)
  if (veto?.failed) {
    deps.stats.vetoErrors++
    deps.log.warn({ by: veto.by, reason: veto.reason, failPolicy: deps.failPolicy }, 'veto check failed')
    if (deps.failPolicy === 'open') veto = undefined
  }
  if (veto) {
    deps.stats.vetoes++
    deps.log.info({ hook: event.hook, sessionId, by: veto.by, reason: veto.reason }, 'Hermes call vetoed')
    return vetoReply(event.hook, veto.reason || `vetoed by ${veto.by ?? 'timmy'}`)
  }
  return event.hook === 'pre_llm_call' && contexts.length ? { context: contexts.join('\n') } : null
}

/** The hook's answer, or a failed veto when it gives none within `vetoTimeoutMs`. */
async function ask(query: ToolCallQuery, deps: HandlerDeps): Promise<Veto | undefined> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      deps.hooks.beforeToolCall.promise(query),
      new Promise<Veto>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              veto: true,
              failed: true,
              by: 'bridge',
              reason: `no veto decision within ${deps.vetoTimeoutMs} ms and the bridge fails closed`,
            }),
          deps.vetoTimeoutMs,
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
