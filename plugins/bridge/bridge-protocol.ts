/**
 * The wire protocol between Hermes and `timmy serve` (`POST /hermes/events`), shared by the Python
 * bridge plugin (config/hermes-plugins/timmy-bridge), `timmy hook` and the server. Kept free of heavy
 * imports: `timmy hook` runs once per event and must start fast.
 *
 * An event on the wire: `{ "hook": "<Hermes hook name>", "kwargs": {…the hook's keyword arguments…},
 * "source": "plugin" | "shell" }`. A body is one event or an array of events.
 * The answer to one event: `{ "ok": true, "reply": <what the hook should return to Hermes> | null }`.
 */

export interface WireEvent {
  hook: string
  kwargs: Record<string, unknown>
  source?: 'plugin' | 'shell' | (string & {})
  /** The Hermes that sent it: `{profile, hermes_home, pid}`. */
  origin?: { profile?: string; hermes_home?: string; pid?: number }
}

/** What the server answers for one event. `reply` is already in the shape Hermes accepts for the hook. */
export interface WireAnswer {
  ok: boolean
  reply?: HermesReply | null
  /** The hook name is not one Hermes defines: the event was ignored (and counted). */
  ignored?: boolean
  error?: { code: string; path?: string; expected?: string }
}

/** The reply shapes Hermes honours (FORMATS.md §3b/§3c). */
export type HermesReply = { action: 'block'; message: string } | { context: string }

/** Hooks whose return value Hermes uses and that timmy answers (vetoes, context). */
export const DECISION_HOOKS: ReadonlySet<string> = new Set(['pre_tool_call', 'pre_llm_call'])

/**
 * Keyword arguments too large or too private to forward (whole conversations, raw HTTP requests and
 * responses, gateway objects). The bridge keeps the correlation fields and counts instead.
 */
export const HEAVY_KWARGS: ReadonlySet<string> = new Set([
  'conversation_history',
  'request_messages',
  'request',
  'response',
  'assistant_message',
  'middleware_trace',
  'gateway',
  'session_store',
])

/** Longest string kept per field; longer ones are cut and marked. */
export const MAX_STRING = 8192

/** Drop heavy kwargs and cut long strings (the same trimming the Python plugin does). */
export function trimKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(kwargs)) {
    if (HEAVY_KWARGS.has(key)) continue
    out[key] = trimValue(value, 0)
  }
  return out
}

function trimValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string')
    return value.length > MAX_STRING
      ? `${value.slice(0, MAX_STRING)}…[cut ${value.length - MAX_STRING}]`
      : value
  if (value === null || typeof value !== 'object') return value
  if (depth >= 6) return '[deep]'
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => trimValue(v, depth + 1))
  const out: Record<string, unknown> = {}
  let n = 0
  for (const [k, v] of Object.entries(value)) {
    if (n++ >= 200) break
    out[k] = trimValue(v, depth + 1)
  }
  return out
}

/**
 * Hermes' shell-hook stdin (FORMATS.md §3c) → a wire event. Returns undefined for anything that is
 * not a shell-hook payload (junk stdin must never crash the hook).
 *
 * `{"hook_event_name","tool_name","tool_input","session_id","cwd","extra":{…remaining kwargs}}`
 */
export function fromShellHook(
  input: unknown,
  origin?: { hermes_home?: string; pid?: number },
): WireEvent | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined
  const p = input as Record<string, unknown>
  const hook = p.hook_event_name
  if (typeof hook !== 'string' || !/^[a-z][a-z0-9_:]{0,63}$/.test(hook)) return undefined
  const extra =
    p.extra && typeof p.extra === 'object' && !Array.isArray(p.extra)
      ? (p.extra as Record<string, unknown>)
      : {}
  const kwargs: Record<string, unknown> = { ...extra }
  if (typeof p.session_id === 'string' && kwargs.session_id === undefined) kwargs.session_id = p.session_id
  if (p.tool_name !== null && p.tool_name !== undefined) kwargs.tool_name = p.tool_name
  if (p.tool_input !== null && p.tool_input !== undefined) kwargs.args = p.tool_input
  if (typeof p.cwd === 'string') kwargs.cwd = p.cwd
  return { hook, kwargs: trimKwargs(kwargs), source: 'shell', ...(origin ? { origin } : {}) }
}

/** The reply a veto becomes for a hook, in the shape Hermes honours for it. */
export function vetoReply(hook: string, message: string): HermesReply | null {
  if (hook === 'pre_tool_call') return { action: 'block', message }
  // pre_llm_call cannot block in Hermes: only `{"context": str}` is used, appended to the user message.
  if (hook === 'pre_llm_call')
    return { context: `[timmy] ${message} Stop here and report instead of continuing.` }
  return null
}

/** The reply to print (or return) when timmy cannot be reached, by policy. */
export function unreachableReply(hook: string, failPolicy: 'open' | 'closed'): HermesReply | null {
  if (failPolicy === 'open' || !DECISION_HOOKS.has(hook)) return null
  return vetoReply(
    hook,
    'timmy is unreachable and the bridge fails closed: start "timmy serve", or set TIMMY_BRIDGE_FAIL=open.',
  )
}

/** Whether a reply is one Hermes accepts for the hook (used to sanitise what goes to stdout). */
export function isAcceptedReply(hook: string, reply: unknown): reply is HermesReply {
  if (!reply || typeof reply !== 'object') return false
  const r = reply as Record<string, unknown>
  if (hook === 'pre_tool_call') return r.action === 'block' && typeof r.message === 'string'
  if (hook === 'pre_llm_call') return typeof r.context === 'string'
  return false
}
