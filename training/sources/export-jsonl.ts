/** Read `hermes sessions export` JSONL: one line per session, the `sessions` row plus `"messages": [...]`. */
import type { SessionRecord } from '../types.js'
import { isProblem, jsonLines, type SourceProblem } from './problem.js'
import { isoSeconds, normaliseMessage } from './snapshots.js'
import { num, providerOfModel, str } from './state-db.js'

export function* readExportJsonl(file: string, maxBytes: number): Generator<SessionRecord | SourceProblem> {
  for (const item of jsonLines(file, maxBytes, 'export')) {
    if (isProblem(item)) {
      yield item
      continue
    }
    const { row, source } = item
    if (!row || typeof row !== 'object' || !Array.isArray((row as { messages?: unknown }).messages)) {
      yield { problem: 'bad_shape', source }
      continue
    }
    const r = row as Record<string, unknown>
    const model = str(r.model)
    yield {
      session_id: str(r.id) ?? str(r.session_id),
      user_id: str(r.user_id),
      platform: str(r.source),
      started_at: num(r.started_at) ?? isoSeconds(r.started_at),
      ended_at: num(r.ended_at) ?? isoSeconds(r.ended_at),
      model,
      provider: str(r.billing_provider) ?? providerOfModel(model),
      parent_session_id: str(r.parent_session_id),
      license: str(r.license),
      messages: (r.messages as unknown[]).map(normaliseMessage),
      source,
    }
  }
}
