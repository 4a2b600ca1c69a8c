/**
 * Turn a Hermes event (bridge plugin or shell hook) into a beat: any session activity proves the agent
 * alive; session/agent start and end open and close a run; `gateway:startup` is a boot.
 */
import type { HermesEvent } from '../../core/hooks.js'
import type { BeatKind } from './types.js'

const STARTS = new Set(['on_session_start', 'session:start', 'agent:start'])
const FINISHES = new Set(['on_session_end', 'on_session_finalize', 'session:end', 'agent:end'])
const BOOTS = new Set(['gateway:startup'])

export function beatKindOf(hook: string): BeatKind {
  if (STARTS.has(hook)) return 'start'
  if (FINISHES.has(hook)) return 'finish'
  if (BOOTS.has(hook)) return 'boot'
  return 'activity'
}

/**
 * Which wizard an event belongs to: `payload.wizard`, then Hermes' `profile_name`, then the profile
 * the bridge stamped on the event (`origin.profile`), then the fallback.
 */
export function wizardOf(event: HermesEvent, fallback: string | undefined): string | undefined {
  const p = event.payload ?? {}
  for (const named of [
    p.wizard,
    p.profile_name,
    (p.extra as Record<string, unknown> | undefined)?.profile_name,
    event.origin?.profile,
  ])
    if (typeof named === 'string' && named) return named
  return fallback
}

export function runOf(event: HermesEvent): string | undefined {
  const p = event.payload ?? {}
  const id = event.sessionId ?? p.session_id ?? p.session_key
  return typeof id === 'string' && id ? id : undefined
}
