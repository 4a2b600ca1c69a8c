/**
 * A Hermes home built from scratch for the training tests: a `state.db` with Hermes' schema, session
 * snapshots, a `hermes sessions export` JSONL file, a trajectories file and a consent registry, with
 * ~200 sessions covering every case the pipeline must handle. `EXPECTED` holds every count.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { HERMES_FTS_SQL, HERMES_SCHEMA_SQL, HERMES_SCHEMA_VERSION } from './hermes-schema.js'
import { rng, words } from './text.js'

export interface FixtureMessage {
  role: string
  content: unknown
  tool_calls?: unknown
  tool_call_id?: string
  tool_name?: string
}

export interface FixtureSession {
  id: string
  source: string
  user_id: string | null
  model: string
  billing_provider: string
  started_at: number
  messages: FixtureMessage[]
}

export interface Fixture {
  hermesHome: string
  stateDb: string
  snapshotsDir: string
  exportFile: string
  trajectoriesFile: string
  consentFile: string
  /** Session ids by group. */
  ids: Record<string, string[]>
}

/** 2026-07-18T14:22:33Z — every session starts on this day. */
const DAY = 1784384553

export const EXPECTED = {
  read: { 'state.db': 159, export: 20, snapshot: 16, trajectory: 12 },
  ingestSkipped: { session_already_read: 8, bad_json: 2, bad_shape: 1, trajectory_incomplete: 1 },
  pairs: 195,
  curateDropped: {
    tool_call_json: 4,
    control_chars: 2,
    too_large: 2,
    bad_types: 2,
    no_assistant_turn: 2,
    no_session: 4,
    consent_after_session: 6,
    consent_withdrawn: 5,
    consent_missing: 6,
    consent_not_for_training: 4,
    license_not_allowed: 5,
    duplicate_exact: 10,
    duplicate_near: 8,
  },
  kept: 135,
  /** With PII redaction on. */
  redacted: { api_key: 5, email: 2, phone: 2, token: 1 },
  pairsRedacted: 10,
  licenses: { 'CC-BY-SA-4.0': 130, 'CC-BY-4.0': 5 },
  consent: { train: 135 },
} as const

let idSeq = 0
export function sessionId(i = idSeq++): string {
  const t = new Date((DAY + i * 61) * 1000)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const stamp = `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}_${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`
  return `${stamp}_${(0xa00000 + i).toString(16)}`
}

export function encodeContent(c: unknown): unknown {
  return typeof c === 'string' || c == null ? c : `\x00json:${JSON.stringify(c)}`
}

export function insertSession(db: Sqlite.Database, s: FixtureSession): void {
  db.prepare(
    `INSERT INTO sessions (id, source, user_id, model, model_config, started_at, ended_at, end_reason, message_count,
       tool_call_count, input_tokens, output_tokens, billing_provider, billing_base_url, billing_mode, cost_status, api_call_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'user_exit', ?, ?, ?, ?, ?, ?, 'official_models_api', 'estimated', ?)`,
  ).run(
    s.id,
    s.source,
    s.user_id,
    s.model,
    JSON.stringify({ max_iterations: 60, reasoning_config: null, max_tokens: null }),
    s.started_at,
    s.started_at + 57.4,
    s.messages.length,
    s.messages.filter((m) => m.tool_calls).length,
    1200,
    300,
    s.billing_provider,
    'https://openrouter.ai/api/v1',
    2,
  )
  const ins = db.prepare(
    `INSERT INTO messages (session_id, role, content, tool_call_id, tool_calls, tool_name, timestamp, finish_reason, active)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  )
  s.messages.forEach((m, i) => {
    ins.run(
      s.id,
      m.role,
      encodeContent(m.content) as string | null,
      m.tool_call_id ?? null,
      m.tool_calls === undefined
        ? null
        : typeof m.tool_calls === 'string'
          ? m.tool_calls
          : JSON.stringify(m.tool_calls),
      m.tool_name ?? null,
      s.started_at + i,
      m.role === 'assistant' ? (m.tool_calls ? 'tool_calls' : 'stop') : null,
    )
  })
}

export function createStateDb(
  file: string,
  options: { fts?: boolean; journal?: 'wal' | 'delete' } = {},
): Sqlite.Database {
  const db = new Sqlite(file)
  db.pragma(`journal_mode = ${options.journal ?? 'wal'}`)
  db.exec(HERMES_SCHEMA_SQL)
  if (options.fts !== false) db.exec(HERMES_FTS_SQL)
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(HERMES_SCHEMA_VERSION)
  return db
}

/** A plain conversation: user asks, assistant answers (long enough for 5-gram MinHash). */
function chat(r: () => number, extra: { secret?: string } = {}): FixtureMessage[] {
  return [
    { role: 'user', content: `${words(r, 40)}${extra.secret ? ` ${extra.secret}` : ''}` },
    { role: 'assistant', content: words(r, 160) },
    { role: 'user', content: words(r, 20) },
    { role: 'assistant', content: words(r, 60) },
  ]
}

function toolChat(r: () => number, n: number): FixtureMessage[] {
  return [
    { role: 'user', content: words(r, 30) },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        {
          id: `call_${n}`,
          type: 'function',
          function: { name: 'terminal', arguments: JSON.stringify({ command: `ls ${words(r, 2)}` }) },
        },
      ],
    },
    {
      role: 'tool',
      content: JSON.stringify({ output: words(r, 30), exit_code: 0 }),
      tool_call_id: `call_${n}`,
      tool_name: 'terminal',
    },
    { role: 'assistant', content: words(r, 120) },
  ]
}

const SECRETS = [
  'sk-abcdefghijklmnopqrstuvwxyz012345',
  'sk-ant-api03-ABCDEFGHIJKLMNOPQRSTUV',
  'sk-proj-ZYXWVUTSRQPONMLKJIHGFEDCBA98',
  'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  'ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210',
  'write to alice.smith@example.com soon',
  'mail bob@example.org please',
  'call +44 20 7946 0958 today',
  'phone (555) 123-4567 now',
  'Authorization: Bearer abcdefghijklmnop0123456789',
]

export function writeFixture(root: string): Fixture {
  idSeq = 0
  const r = rng(42)
  const hermesHome = join(root, 'hermes-home')
  const snapshotsDir = join(hermesHome, 'sessions')
  mkdirSync(snapshotsDir, { recursive: true })
  const stateDb = join(hermesHome, 'state.db')
  const ids: Record<string, string[]> = {}
  const all: FixtureSession[] = []
  const add = (
    group: string,
    user: string | null,
    messages: FixtureMessage[],
    source = 'cli',
  ): FixtureSession => {
    const i = idSeq
    const s: FixtureSession = {
      id: sessionId(),
      source,
      user_id: user,
      model: 'anthropic/claude-sonnet-4.6',
      billing_provider: 'openrouter',
      started_at: DAY + i * 61,
      messages,
    }
    ids[group] = [...(ids[group] ?? []), s.id]
    all.push(s)
    return s
  }
  // A: 100 clean sessions of alice: 20 with tool calls, 5 multimodal, 10 with secrets or PII.
  const base: FixtureSession[] = []
  for (let i = 0; i < 100; i++) {
    let msgs: FixtureMessage[]
    if (i < 20) msgs = toolChat(r, i)
    else if (i < 25) {
      msgs = chat(r)
      msgs[0] = {
        role: 'user',
        content: [
          { type: 'text', text: words(r, 30) },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      }
    } else if (i < 35) msgs = chat(r, { secret: SECRETS[i - 25]! })
    else msgs = chat(r)
    base.push(add(i < 20 ? 'tools' : i < 25 ? 'multimodal' : i < 35 ? 'secrets' : 'clean', 'alice', msgs))
  }
  // B: 10 exact duplicates (new ids, same content, different spacing and case).
  for (let i = 0; i < 10; i++) {
    const src = base[40 + i]!
    add(
      'exact',
      'alice',
      src.messages.map((m) => ({
        ...m,
        content: typeof m.content === 'string' ? `  ${m.content.toUpperCase()} ` : m.content,
      })),
    )
  }
  // C: 8 near duplicates: one word changed in the long answer.
  for (let i = 0; i < 8; i++) {
    const src = base[60 + i]!
    const msgs = src.messages.map((m) => ({ ...m }))
    msgs[1] = { role: 'assistant', content: (msgs[1]!.content as string).replace(/^\S+/, 'zeppelin') }
    add('near', 'alice', msgs)
  }
  for (let i = 0; i < 6; i++) add('afterSession', 'bob', chat(r))
  for (let i = 0; i < 5; i++) add('withdrawn', 'carol', chat(r))
  for (let i = 0; i < 6; i++) add('missing', 'dave', chat(r), 'telegram')
  for (let i = 0; i < 4; i++) add('evalOnly', 'erin', chat(r))
  for (let i = 0; i < 5; i++) add('unknownLicense', 'frank', chat(r))
  // I: malformed rows.
  for (let i = 0; i < 3; i++) {
    const m = toolChat(r, 100 + i)
    m[1] = {
      ...m[1]!,
      tool_calls: `[{"id":"call_x","type":"function","function":{"name":"terminal","arguments":"{\\"command\\": \\"ls"`,
    }
    add('malformed', 'alice', m)
  }
  for (let i = 0; i < 2; i++) {
    const m = chat(r)
    m[1] = { role: 'assistant', content: `${words(r, 10)}\u0007\u0000 ${words(r, 10)}` }
    add('malformed', 'alice', m)
  }
  for (let i = 0; i < 2; i++) {
    const m = chat(r)
    m[1] = { role: 'assistant', content: 'x'.repeat(250_000) }
    add('malformed', 'alice', m)
  }
  for (let i = 0; i < 2; i++) {
    const m = chat(r)
    m[0] = { role: 'wizard', content: words(r, 10) }
    add('malformed', 'alice', m)
  }
  for (let i = 0; i < 2; i++) add('malformed', 'alice', [{ role: 'user', content: words(r, 30) }])
  // J: cron sessions (source consent); one with ANSI colours in its tool output.
  for (let i = 0; i < 4; i++) {
    const m = toolChat(r, 200 + i)
    if (i === 0) m[2] = { ...m[2]!, content: `\u001b[32mPASS\u001b[0m ${words(r, 10)}` }
    add('cron', null, m, 'cron')
  }

  const db = createStateDb(stateDb)
  db.transaction(() => {
    for (const s of all) insertSession(db, s)
  })()
  db.close()

  // Snapshots: 5 of sessions already in state.db, 10 new discord sessions, 1 broken file.
  const snap = (s: FixtureSession, platform: string) => ({
    session_id: s.id,
    model: s.model,
    base_url: 'https://openrouter.ai/api/v1',
    platform,
    session_start: new Date(s.started_at * 1000).toISOString().replace('Z', ''),
    last_updated: new Date((s.started_at + 60) * 1000).toISOString().replace('Z', ''),
    system_prompt: '[redacted]',
    tools: [],
    message_count: s.messages.length,
    messages: s.messages.map((m) => ({ ...m, ...(m.tool_name ? { name: m.tool_name } : {}) })),
  })
  for (let i = 0; i < 5; i++) {
    const s = base[80 + i]!
    writeFileSync(join(snapshotsDir, `session_${s.id}.json`), JSON.stringify(snap(s, 'cli')))
  }
  for (let i = 0; i < 10; i++) {
    const s: FixtureSession = { ...add('snapshot', null, chat(r), 'discord') }
    all.pop()
    writeFileSync(join(snapshotsDir, `session_${s.id}.json`), JSON.stringify(snap(s, 'discord')))
  }
  writeFileSync(
    join(snapshotsDir, 'session_20260718_999999_broken.json'),
    '{"session_id": "x", "messages": [',
  )

  // Export JSONL: 15 new alice sessions (5 stating CC-BY-4.0), 3 already read, 1 bad JSON, 1 bad shape.
  const exportFile = join(root, 'export.jsonl')
  const lines: string[] = []
  for (let i = 0; i < 15; i++) {
    const s = add('export', 'alice', i < 5 ? toolChat(r, 300 + i) : chat(r))
    all.pop()
    lines.push(
      JSON.stringify({
        id: s.id,
        source: 'cli',
        user_id: 'alice',
        model: s.model,
        billing_provider: 'openrouter',
        started_at: s.started_at,
        ended_at: s.started_at + 30,
        ...(i < 5 ? { license: 'CC-BY-4.0' } : {}),
        messages: s.messages.map((m) => ({ ...m, content: encodeContent(m.content) })),
      }),
    )
    if (i === 7) lines.push('{"id": "broken", "messages": [')
  }
  for (let i = 0; i < 3; i++) {
    const s = base[90 + i]!
    lines.push(
      JSON.stringify({
        id: s.id,
        source: 'cli',
        user_id: 'alice',
        model: s.model,
        started_at: s.started_at,
        messages: s.messages,
      }),
    )
  }
  lines.push(JSON.stringify({ id: 'no-messages', source: 'cli' }))
  writeFileSync(exportFile, `${lines.join('\n')}\n`)

  // Trajectories: 6 anchored to a session, 4 without a session id, 1 incomplete, 1 broken tool call.
  const trajectoriesFile = join(root, 'trajectory_samples.jsonl')
  const traj: string[] = []
  const sharegpt = (n: number, brokenCall = false) => [
    { from: 'system', value: 'You are a function calling AI model. <tools>\n[]\n</tools>' },
    { from: 'human', value: words(r, 30) },
    {
      from: 'gpt',
      value: `<think>\n</think>\n<tool_call>\n${brokenCall ? '{"name": "terminal", "arguments": {"command": ' : JSON.stringify({ name: 'terminal', arguments: { command: `cat ${words(r, 1)}` } })}\n</tool_call>`,
    },
    {
      from: 'tool',
      value: `<tool_response>\n${JSON.stringify({ tool_call_id: `call_${n}`, name: 'terminal', content: { output: words(r, 20) } })}\n</tool_response>`,
    },
    { from: 'gpt', value: `<think>\n${words(r, 5)}\n</think>\n${words(r, 120)}` },
  ]
  const trajLine = (conv: unknown, extra: Record<string, unknown>) =>
    JSON.stringify({
      conversations: conv,
      timestamp: '2026-07-18T15:00:00.123456',
      model: 'anthropic/claude-sonnet-4.6',
      completed: true,
      ...extra,
    })
  for (let i = 0; i < 6; i++) {
    const id = sessionId()
    ids.trajectory = [...(ids.trajectory ?? []), id]
    traj.push(trajLine(sharegpt(i), { metadata: { session_id: id, user_id: 'alice' } }))
  }
  for (let i = 0; i < 4; i++) traj.push(trajLine(sharegpt(10 + i), { prompt_index: i }))
  traj.push(
    trajLine(sharegpt(20), { completed: false, metadata: { session_id: sessionId(), user_id: 'alice' } }),
  )
  traj.push(trajLine(sharegpt(21, true), { metadata: { session_id: sessionId(), user_id: 'alice' } }))
  writeFileSync(trajectoriesFile, `${traj.join('\n')}\n`)

  const consentFile = join(root, 'consent.yaml')
  writeFileSync(
    consentFile,
    `# who agreed to what, and when
grants:
  - { scope: user, id: alice, level: train, at: "2026-01-01T00:00:00Z" }
  - { scope: user, id: bob, level: train, at: "2026-09-01T00:00:00Z" }
  - { scope: user, id: carol, level: train, at: "2026-01-01T00:00:00Z" }
  - { scope: user, id: carol, level: withdrawn, at: "2026-10-01T00:00:00Z" }
  - { scope: user, id: erin, level: eval, at: "2026-01-01T00:00:00Z" }
  - { scope: user, id: frank, level: train, at: "2026-01-01T00:00:00Z", license: LicenseRef-Proprietary }
  - { scope: source, id: cron, level: train, at: "2026-01-01T00:00:00Z" }
  - { scope: source, id: discord, level: train, at: "2026-01-01T00:00:00Z" }
`,
  )
  return { hermesHome, stateDb, snapshotsDir, exportFile, trajectoriesFile, consentFile, ids }
}
