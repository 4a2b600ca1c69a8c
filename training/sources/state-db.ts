/**
 * Hermes sessions from `$HERMES_HOME/state.db` as SessionRecords, through the reader plugins/provenance
 * passes in (the `hermes` service's: read-only, batched, tolerant of SQLITE_BUSY). A file that is no
 * state.db is TIMMY_ERR_TRAIN_SOURCE_UNREADABLE (exit 2); busy for too long, the same with exit 1.
 */
import { E } from '../errors.js'
import type { SessionRecord, StateDbFailure, StateDbReader } from '../types.js'
import { toMessages } from './state-db/to-messages.js'
import { toSessionRecord } from './state-db/to-session-record.js'

export interface StateDbOptions {
  batchSize?: number
  busyTimeoutMs?: number
  onBusy?: () => void
}

const unreadable = (f: StateDbFailure): Error =>
  E.TRAIN_SOURCE_UNREADABLE({ file: f.file, reason: f.reason }, { cause: f.cause, exitCode: f.busy ? 1 : 2 })

/** Count the sessions (for the progress bar); 0 when the table cannot be read. */
export function countStateDbSessions(reader: StateDbReader, file: string, busyTimeoutMs = 2000): number {
  return reader.countSessions(file, { busyTimeoutMs, unreadable })
}

/** Every session of the file with its active messages, batch by batch, retrying a busy database. */
export function* readStateDb(
  reader: StateDbReader,
  file: string,
  options: StateDbOptions = {},
): Generator<SessionRecord> {
  for (const { row, messages } of reader.readSessions(file, { ...options, unreadable }))
    yield toSessionRecord(file, row, toMessages(messages))
}

export { num, providerOfModel, str } from './state-db/field-values.js'
