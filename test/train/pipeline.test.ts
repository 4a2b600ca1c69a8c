import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'yaml'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { loadConsent } from '../../training/consent.js'
import { type CurateStats, curate } from '../../training/curate.js'
import { exportPairs } from '../../training/export.js'
import { CHAT_ROLES, SHAREGPT_ROLES } from '../../training/export-formats.js'
import { type IngestStats, ingest } from '../../training/ingest.js'
import type { RawPair } from '../../training/types.js'
import { validatePairs } from '../../training/validate.js'
import { tempDir } from '../helpers/temp.js'
import { EXPECTED, type Fixture, writeFixture } from './helpers/hermes-fixture.js'

/** The hermes plugin's state.db reader (what plugins/provenance passes to ingest). */
const stateDbReader = createHermesService().stateDb

const lines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T)

describe('the pipeline over a Hermes home with ~200 sessions', () => {
  let root: string
  let fx: Fixture
  let ing: IngestStats
  let cur: CurateStats
  before(() => {
    root = tempDir()
    fx = writeFixture(root)
    ing = ingest({
      stateDb: fx.stateDb,
      stateDbReader,
      snapshotsDir: fx.snapshotsDir,
      exports: [fx.exportFile],
      trajectories: [fx.trajectoriesFile],
      consent: loadConsent(fx.consentFile),
      out: join(root, 'raw.jsonl'),
    })
    cur = curate({ in: join(root, 'raw.jsonl'), out: join(root, 'curated.jsonl'), redactPii: true })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  test('ingest reads every source and skips unreadable records and sessions already read, by reason', () => {
    assert.deepEqual(ing.read, EXPECTED.read)
    assert.deepEqual(ing.skipped, EXPECTED.ingestSkipped)
    assert.equal(ing.pairs, EXPECTED.pairs)
    assert.equal(lines(join(root, 'raw.jsonl')).length, EXPECTED.pairs)
  })

  test('each raw pair carries its provenance: session, times, model, consent, licence, source row, hash', () => {
    const pairs = lines<RawPair>(join(root, 'raw.jsonl'))
    const first = pairs[0]!
    assert.equal(first.session_id, fx.ids.tools![0])
    assert.equal(first.source.kind, 'state.db')
    assert.equal(first.source.file, fx.stateDb)
    assert.equal(first.source.row, 1)
    assert.equal(first.model_provider, 'openrouter')
    assert.equal(first.model_name, 'anthropic/claude-sonnet-4.6')
    assert.equal(first.started_at, '2026-07-18T14:22:33.000Z')
    assert.equal(first.consent_level, 'train')
    assert.deepEqual(first.consent, {
      level: 'train',
      scope: 'user',
      id: 'alice',
      given_at: '2026-01-01T00:00:00.000Z',
    })
    assert.equal(first.license, 'CC-BY-SA-4.0')
    assert.match(first.content_hash, /^sha256:[0-9a-f]{64}$/)
    assert.deepEqual(
      first.tool_call_trajectory?.map((s) => s.name),
      ['terminal'],
    )
    assert.ok((first.tool_call_trajectory?.[0]?.result_chars ?? 0) > 0)
    const exported = pairs.find((p) => p.source.kind === 'export')!
    assert.equal(exported.source.line, 1)
    assert.equal(exported.license, 'CC-BY-4.0')
    const snap = pairs.find((p) => p.source.kind === 'snapshot')!
    assert.equal(snap.consent?.scope, 'source')
    assert.equal(snap.model_provider, 'openrouter')
    const bob = pairs.find((p) => p.session_id === fx.ids.afterSession![0])!
    assert.equal(bob.consent_level, null)
    assert.equal(bob.consent_note, 'given_after_session')
  })

  test('multimodal content stored with the \\x00json: prefix is decoded into its parts', () => {
    const pairs = lines<RawPair>(join(root, 'raw.jsonl'))
    const mm = pairs.find((p) => p.session_id === fx.ids.multimodal![0])!
    const parts = mm.messages[0]!.content as { type: string }[]
    assert.deepEqual(
      parts.map((p) => p.type),
      ['text', 'image_url'],
    )
  })

  test('trajectories map back to chat messages with tool calls and tool results', () => {
    const pairs = lines<RawPair>(join(root, 'raw.jsonl'))
    const t = pairs.find((p) => p.session_id === fx.ids.trajectory![0])!
    assert.deepEqual(
      t.messages.map((m) => m.role),
      ['system', 'user', 'assistant', 'tool', 'assistant'],
    )
    const call = (t.messages[2]!.tool_calls as { function: { name: string; arguments: string } }[])[0]!
    assert.equal(call.function.name, 'terminal')
    assert.ok(JSON.parse(call.function.arguments).command)
    assert.ok(!String(t.messages[4]!.content).includes('<think>'))
  })

  test('curate drops by reason and keeps exactly the consented, licensed, unique pairs', () => {
    assert.equal(cur.in, EXPECTED.pairs)
    assert.deepEqual(
      Object.fromEntries(Object.entries(cur.dropped).sort()),
      Object.fromEntries(Object.entries(EXPECTED.curateDropped).sort()),
    )
    assert.equal(cur.out, EXPECTED.kept)
    assert.deepEqual(cur.licenses, EXPECTED.licenses)
    assert.deepEqual(cur.consent, EXPECTED.consent)
    assert.equal(lines(join(root, 'curated.jsonl')).length, EXPECTED.kept)
  })

  test('curate redacts every secret and PII item in the fixture and counts them', () => {
    assert.deepEqual(cur.redacted, EXPECTED.redacted)
    assert.equal(cur.pairsRedacted, EXPECTED.pairsRedacted)
    const text = readFileSync(join(root, 'curated.jsonl'), 'utf8')
    for (const leak of [
      'sk-abcdef',
      'ghp_0123',
      '@example.com',
      '7946 0958',
      '123-4567',
      'Bearer abcdefghij',
    ])
      assert.ok(!text.includes(leak), `${leak} leaked`)
  })

  test('curate strips ANSI colour codes but keeps the session', () => {
    const kept = lines<RawPair>(join(root, 'curated.jsonl'))
    const cron = kept.find((p) => p.session_id === fx.ids.cron![0])!
    assert.ok(!JSON.stringify(cron.messages).includes('\\u001b'))
    assert.ok(JSON.stringify(cron.messages).includes('PASS'))
  })

  test('validate passes the curated pairs and fails the raw ones with a report', () => {
    const ok = validatePairs(join(root, 'curated.jsonl'))
    assert.equal(ok.ok, true)
    assert.equal(ok.total, EXPECTED.kept)
    const bad = validatePairs(join(root, 'raw.jsonl'))
    assert.equal(bad.ok, false)
    assert.equal(bad.total, EXPECTED.pairs)
    assert.equal(bad.problems.no_session_id, EXPECTED.curateDropped.no_session)
    // consent missing, given after the session: no consent at all
    assert.equal(
      bad.problems.no_consent,
      EXPECTED.curateDropped.consent_missing +
        EXPECTED.curateDropped.consent_after_session +
        EXPECTED.curateDropped.no_session,
    )
    assert.ok(bad.examples.length > 0 && bad.examples.length <= 20)
  })

  test('the chat_template export parses and uses only roles axolotl accepts', () => {
    const out = join(root, 'export-chat')
    const s = exportPairs({
      in: join(root, 'curated.jsonl'),
      outDir: out,
      format: 'chat_template',
      curateStats: cur,
    })
    assert.equal(s.pairs, EXPECTED.kept)
    const rows = lines<{
      id: string
      messages: { role: string; content: unknown; tool_calls?: { function: { arguments: unknown } }[] }[]
    }>(s.file)
    assert.equal(rows.length, EXPECTED.kept)
    let toolCalls = 0
    for (const r of rows) {
      assert.match(r.id, /^sha256:/)
      for (const m of r.messages) {
        assert.ok(CHAT_ROLES.has(m.role), `role ${m.role}`)
        assert.equal(typeof m.content, 'string')
        for (const c of m.tool_calls ?? []) {
          toolCalls++
          assert.equal(typeof c.function.arguments, 'object')
        }
      }
      assert.ok(r.messages.some((m) => m.role === 'assistant'))
    }
    assert.equal(toolCalls, 20 + 4 + 5 + 6)
  })

  test('the sharegpt export uses human/gpt/system/tool and Hermes tool-call blocks', () => {
    const s = exportPairs({
      in: join(root, 'curated.jsonl'),
      outDir: join(root, 'export-sg'),
      format: 'sharegpt',
    })
    const rows = lines<{ conversations: { from: string; value: string }[] }>(s.file)
    assert.equal(rows.length, EXPECTED.kept)
    for (const r of rows)
      for (const t of r.conversations) assert.ok(SHAREGPT_ROLES.has(t.from), `from ${t.from}`)
    assert.ok(
      rows.some((r) => r.conversations.some((t) => t.from === 'gpt' && t.value.includes('<tool_call>'))),
    )
    assert.ok(
      rows.some((r) =>
        r.conversations.some((t) => t.from === 'tool' && t.value.startsWith('<tool_response>')),
      ),
    )
  })

  test('the dataset card has front matter with licence, size, sources, languages, per-pair counts and dedup', () => {
    const s = exportPairs({
      in: join(root, 'curated.jsonl'),
      outDir: join(root, 'export-card'),
      format: 'chat_template',
      curateStats: cur,
    })
    const text = readFileSync(s.card, 'utf8')
    const m = /^---\n([\s\S]*?)\n---\n/.exec(text)
    assert.ok(m, 'front matter')
    const front = parse(m[1]!) as Record<string, any>
    assert.deepEqual(front.license, ['cc-by-4.0', 'cc-by-sa-4.0'])
    assert.deepEqual(front.language, ['en'])
    assert.deepEqual(front.size_categories, ['n<1K'])
    assert.equal(front.timmy.pairs, EXPECTED.kept)
    assert.deepEqual(front.timmy.licenses_per_pair, EXPECTED.licenses)
    assert.deepEqual(front.timmy.consent_per_pair, EXPECTED.consent)
    assert.deepEqual(front.timmy.sources, { 'state.db': 104, export: 15, snapshot: 10, trajectory: 6 })
    assert.equal(front.timmy.dedup.near.method, 'minhash-lsh')
    assert.equal(front.timmy.dedup.near.threshold, 0.8)
    assert.equal(front.timmy.dedup.near.num_perm, 64)
    assert.equal(front.timmy.dedup.near.bands * front.timmy.dedup.near.rows, 60)
    const recipe = parse(readFileSync(s.recipe, 'utf8')) as Record<string, any>
    assert.equal(recipe.datasets[0].path, s.file)
    assert.equal(recipe.datasets[0].type, 'chat_template')
    assert.equal(recipe.adapter, 'qlora')
  })
})
