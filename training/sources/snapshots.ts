/**
 * Read `$HERMES_HOME/sessions/session_<id>.json` snapshots (written when
 * `sessions.write_json_snapshots` is on): `{session_id, model, base_url, platform, session_start,
 * last_updated, system_prompt, tools, message_count, messages}`. No token counts live here.
 */
import { closeSync, existsSync, fstatSync, opendirSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeContent } from '../decode-content.js'
import type { ChatMessage, SessionRecord } from '../types.js'
import type { SourceProblem } from './problem.js'
import { providerOfModel, str } from './state-db.js'

const SNAPSHOT = /^session_(.+)\.json$/

export function* readSnapshots(dir: string, maxBytes: number): Generator<SessionRecord | SourceProblem> {
  if (!existsSync(dir)) return
  const names: string[] = []
  const d = opendirSync(dir)
  try {
    for (let e = d.readSync(); e; e = d.readSync())
      if (e.isFile() && SNAPSHOT.test(e.name)) names.push(e.name)
  } finally {
    d.closeSync()
  }
  names.sort()
  for (const name of names) {
    const file = join(dir, name)
    const source = { kind: 'snapshot' as const, file }
    const fd = openSync(file, 'r')
    let text: string
    try {
      if (fstatSync(fd).size > maxBytes) {
        yield { problem: 'too_large', source }
        continue
      }
      text = readFileSync(fd, 'utf8')
    } finally {
      closeSync(fd)
    }
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch {
      yield { problem: 'bad_json', source }
      continue
    }
    const rec = snapshotToSession(doc, source, SNAPSHOT.exec(name)![1]!)
    yield rec ?? { problem: 'bad_shape', source }
  }
}

export function snapshotToSession(
  doc: unknown,
  source: SessionRecord['source'],
  idFromName: string,
): SessionRecord | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined
  const s = doc as Record<string, unknown>
  if (!Array.isArray(s.messages)) return undefined
  const model = str(s.model)
  return {
    session_id: str(s.session_id) ?? idFromName,
    user_id: str(s.user_id),
    platform: str(s.platform),
    started_at: isoSeconds(s.session_start),
    ended_at: isoSeconds(s.last_updated),
    model,
    provider: providerOfUrl(s.base_url) ?? providerOfModel(model),
    license: str(s.license),
    messages: s.messages.map(normaliseMessage),
    source,
  }
}

/** A message from JSON (snapshot or export line): decode `\x00json:` content, parse string tool_calls. */
export function normaliseMessage(m: unknown): ChatMessage {
  if (!m || typeof m !== 'object') return { role: typeof m, content: m }
  const o = m as Record<string, unknown>
  const msg: ChatMessage = { role: o.role as string, content: decodeContent(o.content) }
  if (o.tool_calls != null && o.tool_calls !== '') {
    if (typeof o.tool_calls === 'string') {
      try {
        msg.tool_calls = JSON.parse(o.tool_calls)
      } catch {
        msg.tool_calls = o.tool_calls
      }
    } else msg.tool_calls = o.tool_calls
  }
  if (o.tool_call_id != null) msg.tool_call_id = o.tool_call_id as string
  const name = o.tool_name ?? o.name
  if (name != null) msg.name = name as string
  return msg
}

/** ISO text (Hermes writes naive local ISO; read as UTC) → epoch seconds. */
export function isoSeconds(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v !== 'string' || !v) return null
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`)
  return Number.isFinite(t) ? t / 1000 : null
}

/** `https://openrouter.ai/api/v1` → `openrouter`; `https://api.anthropic.com` → `anthropic`. */
export function providerOfUrl(v: unknown): string | null {
  if (typeof v !== 'string' || !v) return null
  try {
    const labels = new URL(v).hostname.split('.').filter((l) => l !== 'api' && l !== 'www')
    return labels.length >= 2 ? labels[labels.length - 2]! : (labels[0] ?? null)
  } catch {
    return null
  }
}
