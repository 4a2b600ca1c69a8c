import type { ChatMessage, SessionRecord } from '../../types.js'
import { num, providerOfModel, str } from './field-values.js'

/** A sessions row and its messages as a SessionRecord from this state.db. */
export function toSessionRecord(
  file: string,
  r: Record<string, unknown>,
  messages: ChatMessage[],
): SessionRecord {
  const model = str(r.model)
  return {
    session_id: str(r.id),
    user_id: str(r.user_id),
    platform: str(r.source),
    started_at: num(r.started_at),
    ended_at: num(r.ended_at),
    model,
    provider: str(r.billing_provider) ?? providerOfModel(model),
    parent_session_id: str(r.parent_session_id),
    messages,
    source: { kind: 'state.db', file, row: r._row as number },
  }
}
