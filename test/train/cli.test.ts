import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { EXPECTED, writeFixture } from './helpers/hermes-fixture.js'

test('timmy train all reads $HERMES_HOME, prints a summary with every count, and writes the export', async (t) => {
  const box = sandbox(t)
  const fx = writeFixture(box.root)
  const env = { ...box.env, HERMES_HOME: fx.hermesHome }
  // Hermes' own privacy.redact_pii switches PII redaction on.
  writeFileSync(join(fx.hermesHome, 'config.yaml'), 'privacy:\n  redact_pii: true\n')
  const res = await runCli(
    [
      'train',
      'all',
      '--json',
      '--export',
      fx.exportFile,
      '--trajectories',
      fx.trajectoriesFile,
      '--consent',
      fx.consentFile,
    ],
    { cwd: box.cwd, env },
  )
  assert.equal(res.code, 0, res.stderr)
  const out = JSON.parse(res.stdout)
  assert.equal(out.ok, true)
  const { summary } = out
  assert.equal(summary.in, 207)
  assert.equal(summary.out, EXPECTED.kept)
  assert.deepEqual(
    Object.fromEntries(Object.entries(summary.dropped).sort()),
    Object.fromEntries(Object.entries({ ...EXPECTED.ingestSkipped, ...EXPECTED.curateDropped }).sort()),
  )
  assert.deepEqual(
    summary.stages.map((s: { stage: string; in: number; out: number }) => [s.stage, s.in, s.out]),
    [
      ['ingest', 207, EXPECTED.pairs],
      ['curate', EXPECTED.pairs, EXPECTED.kept],
      ['validate', EXPECTED.kept, EXPECTED.kept],
      ['export', EXPECTED.kept, EXPECTED.kept],
    ],
  )
  assert.deepEqual(out.curate.redacted, EXPECTED.redacted)
  const dir = join(box.home, 'training')
  for (const f of [
    'raw.jsonl',
    'curated.jsonl',
    'curated.stats.json',
    'summary.json',
    'export/chat_template.jsonl',
    'export/README.md',
    'export/axolotl.yaml',
  ])
    assert.ok(existsSync(join(dir, f)), f)
  assert.match(readFileSync(join(dir, 'export/README.md'), 'utf8'), /method: minhash-lsh/)
})

test('timmy train all prints a table on a pipe, with no progress bar', async (t) => {
  const box = sandbox(t)
  const fx = writeFixture(box.root)
  const res = await runCli(['train', 'all', '--consent', fx.consentFile, '--keep-pii'], {
    cwd: box.cwd,
    env: { ...box.env, HERMES_HOME: fx.hermesHome },
  })
  assert.equal(res.code, 0, res.stderr)
  assert.match(res.stdout, /^stage\s+in\s+out\s+dropped/m)
  assert.match(res.stdout, /^total\s+175\s+/m)
  assert.match(res.stdout, /consent_withdrawn 5/)
  assert.ok(!res.stderr.includes('\r'), 'no progress bar on a pipe')
})

test('timmy train validate exits 1 with a report when pairs lack session, licence or consent', async (t) => {
  const box = sandbox(t)
  const fx = writeFixture(box.root)
  const env = { ...box.env, HERMES_HOME: fx.hermesHome }
  const ing = await runCli(
    ['train', 'ingest', '--trajectories', fx.trajectoriesFile, '--consent', fx.consentFile],
    { cwd: box.cwd, env },
  )
  assert.equal(ing.code, 0, ing.stderr)
  const res = await runCli(['train', 'validate', '--in', join(box.home, 'training', 'raw.jsonl'), '--json'], {
    cwd: box.cwd,
    env,
  })
  assert.equal(res.code, 1)
  const report = JSON.parse(res.stdout)
  assert.equal(report.ok, false)
  assert.equal(report.problems.no_session_id, EXPECTED.curateDropped.no_session)
})

test('timmy train answers bad usage with exit 2 and a coded error', async (t) => {
  const box = sandbox(t)
  const cases: [string[], string][] = [
    [['train'], 'TIMMY_ERR_CLI_BAD_ARGS'],
    [['train', 'bake'], 'TIMMY_ERR_CLI_BAD_ARGS'],
    [['train', 'export', '--format', 'alpaca'], 'TIMMY_ERR_CLI_BAD_ARGS'],
    [['train', 'ingest'], 'TIMMY_ERR_TRAIN_NO_SOURCES'],
    [['train', 'ingest', '--state-db', 'nope.db'], 'TIMMY_ERR_TRAIN_SOURCE_UNREADABLE'],
    [['train', 'curate'], 'TIMMY_ERR_TRAIN_INPUT_MISSING'],
    [['train', 'ingest', '--state-db', 'not-sqlite.db'], 'TIMMY_ERR_TRAIN_SOURCE_UNREADABLE'],
    [
      ['train', 'ingest', '--state-db', 'not-sqlite.db', '--consent', 'bad-consent.yaml'],
      'TIMMY_ERR_SCHEMA_INVALID',
    ],
  ]
  writeFileSync(join(box.cwd, 'not-sqlite.db'), 'this is not a database, just text '.repeat(200))
  writeFileSync(
    join(box.cwd, 'bad-consent.yaml'),
    'grants:\n  - { scope: planet, id: x, level: train, at: "2026-01-01" }\n',
  )
  for (const [args, code] of cases) {
    const res = await runCli([...args, '--json'], { cwd: box.cwd, env: box.env })
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`)
    assert.equal(JSON.parse(res.stdout).error.code, code, args.join(' '))
    assert.ok(!res.stderr.includes('    at '), 'no stack trace')
  }
})

test('timmy train --help explains the subcommands', async () => {
  const res = await runCli(['train', '--help'])
  assert.equal(res.code, 0)
  for (const word of ['ingest', 'curate', 'validate', 'export', 'all', '--format', '--consent'])
    assert.ok(res.stdout.includes(word), word)
})
