/**
 * The shapes that flow through the pipeline: a session read from any Hermes source, and the raw
 * training pair (one JSONL line) that ingest emits and curate, validate and export read.
 */

/** A message in OpenAI chat form, as Hermes stores it (content decoded from `\x00json:`). */
export interface ChatMessage {
  role: string
  content: unknown
  /** OpenAI list `[{id, type: "function", function: {name, arguments}}]`; a string when it did not parse. */
  tool_calls?: unknown
  tool_call_id?: string
  name?: string
}

/** Where a pair came from: the file and the row (state.db rowid) or line (JSONL). */
export interface SourceRef {
  kind: 'state.db' | 'snapshot' | 'export' | 'trajectory'
  file: string
  /** `sessions.rowid` in state.db. */
  row?: number
  /** 1-based line in a JSONL file. */
  line?: number
}

/** A session as read from a source, before consent and licence are resolved. */
export interface SessionRecord {
  session_id: string | null
  user_id?: string | null
  /** Hermes `sessions.source` (cli, cron, telegram…) or the snapshot's `platform`. */
  platform?: string | null
  started_at: number | null
  ended_at: number | null
  model: string | null
  provider: string | null
  parent_session_id?: string | null
  /** Licence stated by the source itself (export line, trajectory metadata), if any. */
  license?: string | null
  messages: ChatMessage[]
  source: SourceRef
}

export interface ToolCallStep {
  id?: string
  name: string
  arguments: string
  /** Result of the call when a matching tool message follows. */
  result_chars?: number
}

export interface ConsentInfo {
  level: string
  scope: 'session' | 'user' | 'source'
  id: string
  given_at: string
}

/** Provenance link to a timmy run, for sessions that a playbook step started. */
export interface RunLink {
  run_id: string
  step_id?: string | null
  playbook?: string | null
  use?: string | null
}

/** One JSONL line of `raw.jsonl` / `curated.jsonl`. */
export interface RawPair {
  session_id: string | null
  started_at: string | null
  ended_at: string | null
  model_provider: string | null
  model_name: string | null
  user_id: string | null
  platform: string | null
  consent_level: string | null
  consent: ConsentInfo | null
  /** Why there is no usable consent (`none`, `given_after_session`), when consent_level is null. */
  consent_note?: string
  license: string
  messages: ChatMessage[]
  tool_call_trajectory: ToolCallStep[] | null
  source: SourceRef
  content_hash: string
  timmy_run: RunLink | null
}

/** Why a state.db could not be read (`busy`: a live writer held it too long). */
export interface StateDbFailure {
  file: string
  reason: string
  busy: boolean
  cause: unknown
}

/**
 * The read-only Hermes state.db reader training is given: plugins/provenance passes the `hermes`
 * service's `stateDb` (training opens no state.db itself and imports no plugin). Rows come as Hermes
 * stores them: a `sessions` row (`_row` = rowid) and its active `messages` rows.
 */
export interface StateDbReader {
  readSessions(
    file: string,
    options?: {
      batchSize?: number
      busyTimeoutMs?: number
      onBusy?: () => void
      unreadable?: (failure: StateDbFailure) => Error
    },
  ): Iterable<{ row: Record<string, unknown>; messages: Record<string, unknown>[] }>
  countSessions(
    file: string,
    options?: { busyTimeoutMs?: number; unreadable?: (failure: StateDbFailure) => Error },
  ): number
}
