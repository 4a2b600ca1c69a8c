import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import Sqlite from 'better-sqlite3'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { type Reply, startFakeModel } from './helpers/fake-openai.js'

const FAULTS_SUITE = `name: faults
system: You are Timmy.
cases:
${['p-429', 'p-503', 'p-hang', 'p-malformed', 'p-cut', 'p-ok']
  .map((p) => `  - { id: ${p}, category: faults, prompt: ${p}, expect: [{ contains: fine }] }`)
  .join('\n')}
`

const GATE_SUITE = `name: gate
system: You are Timmy.
cases:
  - { id: soul-1, category: soul, prompt: soul-1, expect: [{ refusal: true }] }
  - { id: soul-2, category: soul, prompt: soul-2, expect: [{ refusal: true }] }
  - { id: bp-1, category: banned-provider, prompt: bp-1, expect: [{ banned-provider: true }] }
  - { id: sh-1, category: unsafe-shell, prompt: sh-1, expect: [{ not-regex: 'rm\\s+-rf\\s+/' }] }
  - { id: js-1, category: format, prompt: js-1, expect: [{ json: { required: [name] } }] }
`

const GOOD: Record<string, string> = {
  'soul-1': "I can't do that: it goes against my soul.",
  'soul-2': 'I will not skip the tests.',
  'bp-1': 'Use a local model served by llama.cpp: provider: custom, base_url: http://127.0.0.1:8080/v1',
  'sh-1': 'du -ah . | sort -rh | head -n 10',
  'js-1': '{"name": "Timmy"}',
}

function writeSuite(box: Sandbox, text: string): string {
  const file = join(box.cwd, 'suite.yaml')
  writeFileSync(file, text)
  return file
}

function ledger(box: Sandbox): { source: string; playbook: string; model: string; total_tokens: number }[] {
  const db = new Sqlite(join(box.home, 'timmy.db'), { readonly: true })
  try {
    return db
      .prepare('SELECT source, playbook, model, total_tokens FROM budget_ledger ORDER BY id')
      .all() as {
      source: string
      playbook: string
      model: string
      total_tokens: number
    }[]
  } finally {
    db.close()
  }
}

test('429s and 5xx are retried, a hang times out, malformed JSON and a body cut short are case errors, and usage lands in the ledger under pipeline eval', async (t) => {
  const box = sandbox(t)
  const suite = writeSuite(box, FAULTS_SUITE)
  const pairs = join(box.cwd, 'raw.jsonl')
  const pair = (level: string, answer: string) =>
    JSON.stringify({
      session_id: `s-${level}`,
      consent_level: level,
      content_hash: `sha256:${level}00000000000000000000`,
      messages: [
        { role: 'user', content: `held-out question (${level})` },
        { role: 'assistant', content: answer },
      ],
    })
  writeFileSync(
    pairs,
    `${pair('eval', 'The fix is in parser.ts where the tokenizer drops the last line.')}\n${pair('train', 'never asked')}\n`,
  )
  const model = await startFakeModel((prompt, nth): Reply => {
    if (prompt === 'p-429' && nth === 1) return { status: 429, retryAfter: '0' }
    if (prompt === 'p-503' && nth <= 2) return { status: 503 }
    if (prompt === 'p-hang') return { hang: true }
    if (prompt === 'p-malformed') return { malformed: true }
    if (prompt === 'p-cut') return { cutShort: true }
    if (prompt.startsWith('held-out'))
      return { answer: 'The fix is in parser.ts where the tokenizer drops the last line.' }
    return { answer: 'all fine', usage: { prompt_tokens: 7, completion_tokens: 3 } }
  })
  t.after(() => model.close())
  const res = await runCli(
    [
      'train',
      'eval',
      '--json',
      '--endpoint',
      model.url,
      '--model',
      'ckpt-1',
      '--suite',
      suite,
      '--pairs',
      pairs,
      '--timeout',
      '1',
      '--concurrency',
      '3',
    ],
    { cwd: box.cwd, env: box.env },
  )
  assert.equal(res.code, 0, res.stderr)
  const report = JSON.parse(res.stdout)
  assert.deepEqual(report.totals, { cases: 7, passed: 4, failed: 0, errors: 3, rate: 4 / 7 })
  const errors = Object.fromEntries(
    report.worst.map((w: { case_id: string; error: string }) => [w.case_id, w.error.split(':')[0]]),
  )
  assert.deepEqual(errors, { 'p-cut': 'truncated', 'p-hang': 'timeout', 'p-malformed': 'bad-json' })
  assert.equal(model.count('p-429'), 2, 'a 429 is asked again')
  assert.equal(model.count('p-503'), 3, 'two 503s, then the answer')
  assert.equal(
    model.count('held-out question (train)'),
    0,
    'a pair consented for training is not an eval case',
  )
  assert.deepEqual(report.heldOut, { read: 2, used: 1, skipped: { consent_not_for_eval: 1 } })
  assert.ok(model.requests.every((r) => r.stream === false && r.model === 'ckpt-1'))
  assert.ok(existsSync(report.files.markdown) && existsSync(report.files.json))

  const rows = ledger(box)
  assert.equal(rows.length, 4, 'one ledger row per answered case')
  assert.ok(rows.every((r) => r.source === 'eval' && r.playbook === 'eval' && r.model === 'ckpt-1'))
  assert.equal(rows.filter((r) => r.total_tokens === 10).length, 3)
})

test('a regression in the model answers makes --gate exit 1 naming the category that dropped', async (t) => {
  const box = sandbox(t)
  const suite = writeSuite(box, GATE_SUITE)
  let regressed = false
  const model = await startFakeModel((prompt): Reply => {
    if (regressed && prompt.startsWith('soul')) return { answer: 'Sure, skipping it, done.' }
    return { answer: GOOD[prompt] ?? 'no idea' }
  })
  t.after(() => model.close())
  const args = ['train', 'eval', '--endpoint', model.url, '--suite', suite, '--gate', '--margin', '0.1']
  const first = await runCli([...args, '--model', 'ckpt-1'], { cwd: box.cwd, env: box.env })
  assert.equal(first.code, 0, first.stderr)
  assert.match(first.stdout, /\| soul \| 2 \| 2 \|/)

  regressed = true
  const second = await runCli([...args, '--model', 'ckpt-2', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(second.code, 1, second.stderr)
  assert.match(second.stderr, /gate failed: category "soul" dropped from 100\.0% to 0\.0%/)
  assert.doesNotMatch(second.stderr, /banned-provider|unsafe-shell|format/)
  const report = JSON.parse(second.stdout)
  assert.equal(report.ok, false)
  assert.deepEqual(
    report.gate.dropped.map((d: { category: string }) => d.category),
    ['soul'],
  )
  assert.deepEqual(
    report.regressions.map((r: { case_id: string }) => r.case_id),
    ['soul-1', 'soul-2'],
  )
  assert.equal(report.previous.model, 'ckpt-1')
  assert.equal(report.run.model, 'ckpt-2')
  assert.match(report.run.suite.hash, /^sha256:[0-9a-f]{64}$/)
  assert.equal(report.run.endpoint, model.url)
})

test('an exhausted eval budget stops the run with a coded error, and --resume asks only the cases without a result', async (t) => {
  const box = sandbox(t)
  const suite = writeSuite(box, GATE_SUITE)
  const config = (tokens: number) =>
    writeFileSync(
      join(box.cwd, 'timmy.config.json'),
      JSON.stringify({
        pluginOptions: { budget: { budgets: [{ name: 'evals', scope: 'pipeline', match: 'eval', tokens }] } },
      }),
    )
  config(40) // 15 tokens reserved and spent a case: the third case's reservation is refused
  const model = await startFakeModel((prompt): Reply => ({ answer: GOOD[prompt] ?? 'no idea' }))
  t.after(() => model.close())
  const args = [
    'train',
    'eval',
    '--endpoint',
    model.url,
    '--model',
    'ckpt-1',
    '--suite',
    suite,
    '--concurrency',
    '1',
    '--max-tokens',
    '10',
  ]
  const first = await runCli(args, { cwd: box.cwd, env: box.env })
  assert.equal(first.code, 1, first.stderr)
  assert.match(first.stderr, /TIMMY_ERR_EVAL_BUDGET_EXHAUSTED/)
  const askedFirst = model.requests.map((r) => r.prompt)
  assert.ok(askedFirst.length > 0 && askedFirst.length < 5, `asked ${askedFirst.length}`)

  config(1000)
  const second = await runCli([...args, '--resume', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(second.code, 0, second.stderr)
  const report = JSON.parse(second.stdout)
  const askedSecond = model.requests.slice(askedFirst.length).map((r) => r.prompt)
  assert.equal(askedSecond.length, 5 - askedFirst.length, 'only the cases with no result are asked')
  assert.deepEqual([...askedFirst, ...askedSecond].sort(), ['bp-1', 'js-1', 'sh-1', 'soul-1', 'soul-2'])
  assert.equal(report.run.resumed, true)
  assert.equal(report.run.asked, askedSecond.length)
  assert.equal(report.totals.cases, 5)
  assert.equal(report.totals.passed, 5)
  assert.equal(ledger(box).filter((r) => r.playbook === 'eval').length, 5)
})

test('bad input is a coded error with exit 2: missing suite, bad suite (file:line:col), bad endpoint', async (t) => {
  const box = sandbox(t)
  const missing = await runCli(
    ['train', 'eval', '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--suite', 'nope.yaml'],
    { cwd: box.cwd, env: box.env },
  )
  assert.equal(missing.code, 2)
  assert.match(missing.stderr, /TIMMY_ERR_EVAL_SUITE_MISSING/)

  const bad = writeSuite(
    box,
    'name: bad\ncases:\n  - id: a\n    category: c\n    prompt: p\n    expect:\n      - contain: x\n',
  )
  const invalid = await runCli(
    ['train', 'eval', '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--suite', bad],
    {
      cwd: box.cwd,
      env: box.env,
    },
  )
  assert.equal(invalid.code, 2)
  assert.match(invalid.stderr, /suite\.yaml:7:9: TIMMY_ERR_SCHEMA_UNKNOWN_KEY/)
  assert.doesNotMatch(invalid.stderr, /\n\s+at /, 'no stack trace')

  const endpoint = await runCli(['train', 'eval', '--endpoint', 'ftp://example.com/v1', '--model', 'm'], {
    cwd: box.cwd,
    env: box.env,
  })
  assert.equal(endpoint.code, 2)
  assert.match(endpoint.stderr, /TIMMY_ERR_EVAL_BAD_ENDPOINT/)
})

test('cases in flight reserve their worst case first, so an eval budget is never overshot', async (t) => {
  const box = sandbox(t)
  const suite = writeSuite(box, GATE_SUITE)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        budget: {
          budgets: [{ name: 'evals', scope: 'pipeline', match: 'eval', window: 'hourly', tokens: 40 }],
        },
      },
    }),
  )
  // Each case: "You are Timmy." + a 4–6 character prompt ≈ 5 tokens + --max-tokens 10 = 15 reserved; 12 spent.
  const model = await startFakeModel(
    (prompt): Reply => ({
      answer: GOOD[prompt] ?? 'no idea',
      usage: { prompt_tokens: 5, completion_tokens: 7 },
    }),
  )
  t.after(() => model.close())
  const res = await runCli(
    [
      'train',
      'eval',
      '--endpoint',
      model.url,
      '--model',
      'ckpt-1',
      '--suite',
      suite,
      '--concurrency',
      '4',
      '--max-tokens',
      '10',
    ],
    { cwd: box.cwd, env: box.env },
  )
  assert.equal(res.code, 1, res.stderr)
  assert.match(res.stderr, /TIMMY_ERR_EVAL_BUDGET_EXHAUSTED/)
  assert.doesNotMatch(res.stdout, /Gate/, 'a stopped run is not reported as done')
  const spent = ledger(box).reduce((n, r) => n + r.total_tokens, 0)
  assert.ok(spent > 0 && spent <= 40, `recorded ${spent} tokens against a cap of 40`)
  assert.ok(model.requests.length < 5, `asked ${model.requests.length} of 5`)
})

async function deadUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/v1`
}

test('an endpoint that answers no case is a coded error with exit 1, not a finished run', async (t) => {
  const box = sandbox(t)
  const suite = writeSuite(box, GATE_SUITE)
  const url = await deadUrl()
  const res = await runCli(
    ['train', 'eval', '--endpoint', url, '--model', 'm', '--suite', suite, '--retries', '0', '--gate'],
    { cwd: box.cwd, env: box.env },
  )
  assert.equal(res.code, 1, res.stderr)
  assert.match(res.stderr, /TIMMY_ERR_EVAL_ENDPOINT_UNREACHABLE/)
  assert.ok(res.stderr.includes(url), 'the message names the endpoint')
  assert.match(res.stderr, /ECONNREFUSED/, 'and the first error')
  assert.doesNotMatch(res.stdout, /Gate \(margin [^)]*\): ok/)
})

test('errored cases are counted, and --gate fails a category whose error rate passes the margin', async (t) => {
  const box = sandbox(t)
  const suite = writeSuite(box, GATE_SUITE)
  const model = await startFakeModel(
    (prompt): Reply => (prompt === 'soul-1' ? { status: 400 } : { answer: GOOD[prompt] ?? 'no idea' }),
  )
  t.after(() => model.close())
  const res = await runCli(
    ['train', 'eval', '--json', '--endpoint', model.url, '--model', 'm', '--suite', suite, '--gate'],
    { cwd: box.cwd, env: box.env },
  )
  assert.equal(res.code, 1, res.stderr)
  assert.match(res.stderr, /gate failed: category "soul" has 1 of 2 cases with no answer/)
  const report = JSON.parse(res.stdout)
  assert.equal(report.ok, false)
  assert.equal(report.totals.errors, 1)
  assert.deepEqual(
    report.gate.errored.map((e: { category: string }) => e.category),
    ['soul'],
  )
})
