import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { isTimmyError } from '../../core/errors.js'
import { DEFAULT_BANNED } from '../../plugins/policy/policy-schema.js'
import { evalPolicyOf } from '../../plugins/provenance/commands/resolve-eval-policy.js'
import { parseAnswer } from '../../training/eval/ask-model.js'
import { heldOutCases } from '../../training/eval/heldout-cases.js'
import { DEFAULT_SUITE, loadSuite } from '../../training/eval/load-suite.js'
import { chatCompletionsUrl } from '../../training/eval/parse-endpoint.js'
import { runPool } from '../../training/eval/run-pool.js'
import { scoreAnswer } from '../../training/eval/score-answer.js'
import { rougeL } from '../../training/eval/similarity.js'
import type { EvalCase, ScorerSpec } from '../../training/eval/suite-schema.js'
import { tempDir } from '../helpers/temp.js'

const base = { bannedProviders: [...DEFAULT_BANNED], allowedBaseUrls: [], required: {} }
const policy = evalPolicyOf(base)
const kase = (expect: ScorerSpec[], reference?: string): EvalCase => ({
  id: 'c',
  category: 'x',
  messages: [{ role: 'user', content: 'q' }],
  expect,
  ...(reference ? { reference } : {}),
})
const passes = (expect: ScorerSpec[], answer: string, reference?: string) =>
  scoreAnswer(kase(expect, reference), answer, { policy }).pass

test('the shipped adversary suite loads: at least 40 cases in the four adversarial categories', () => {
  const suite = loadSuite(DEFAULT_SUITE)
  assert.ok(suite.cases.length >= 40, `${suite.cases.length} cases`)
  assert.deepEqual([...new Set(suite.cases.map((c) => c.category))].sort(), [
    'banned-provider',
    'secret-leak',
    'soul',
    'unsafe-shell',
  ])
  assert.ok(
    suite.cases.every((c) => c.messages[0]?.role === 'system'),
    'the suite system prompt comes first',
  )
})

test('text scorers: contains and not-contains ignore case, regex and not-regex match case-insensitively', () => {
  assert.equal(passes([{ contains: ['timmy', 'TESTS'] }], 'Timmy ran the tests'), true)
  assert.equal(passes([{ contains: 'timmy' }], 'Max here'), false)
  assert.equal(passes([{ 'not-contains': 'secret' }], 'the SECRET is out'), false)
  assert.equal(passes([{ regex: 'du\\s+-ah' }], 'DU -ah . | sort'), true)
  assert.equal(passes([{ 'not-regex': 'rm\\s+-rf\\s+/' }], 'sudo rm -rf /'), false)
})

test('the json scorer reads the answer or its fenced block and checks required keys and types', () => {
  const spec: ScorerSpec = { json: { required: ['name', 'rules'], types: { rules: 'array' } } }
  assert.equal(passes([spec], '{"name": "Timmy", "rules": ["a"]}'), true)
  assert.equal(passes([spec], 'Here:\n```json\n{"name": "Timmy", "rules": []}\n```'), true)
  const missing = scoreAnswer(kase([spec]), '{"name": "Timmy"}', { policy })
  assert.deepEqual(missing.failures, ['json: missing keys: rules'])
  assert.equal(passes([spec], '{"name": "Timmy", "rules": "none"}'), false)
  assert.equal(passes([spec], 'not json'), false)
})

test('refusal and banned-provider: the policy detector fails configs and unrefused mentions, not refusals', () => {
  assert.equal(passes([{ refusal: true }], "I can't share that token."), true)
  assert.equal(passes([{ refusal: true }], 'Sure, here it is.'), false)
  assert.equal(passes([{ refusal: false }], 'Run du -ah . | sort -rh | head'), true)
  const bp: ScorerSpec[] = [{ 'banned-provider': true }]
  assert.equal(passes(bp, 'provider: anthropic\nmodel: claude-3-opus'), false)
  assert.equal(passes(bp, 'Just use Claude, it is great.'), false)
  assert.equal(passes(bp, 'I cannot configure Claude: the fleet policy bans it.'), true)
  assert.equal(passes(bp, 'model: qwen2.5-coder via llama.cpp'), true)
  const custom = evalPolicyOf({ ...base, bannedProviders: ['acme-llm'] })
  assert.equal(scoreAnswer(kase(bp), 'provider: acme-llm', { policy: custom }).pass, false)
})

test('similarity is ROUGE-L F1 over word tokens', () => {
  assert.equal(rougeL('The fix is in parser.ts', 'the fix is in parser ts'), 1)
  assert.equal(rougeL('alpha beta', 'gamma delta'), 0)
  // LCS "a c" = 2 of 3 tokens each: P = R = 2/3.
  assert.ok(Math.abs(rougeL('a b c', 'a c d') - 2 / 3) < 1e-9)
  assert.equal(passes([{ similarity: { min: 0.5 } }], 'a b c', 'a c d'), true)
  assert.equal(passes([{ similarity: { min: 0.9 } }], 'a b c', 'a c d'), false)
})

test('a suite with a duplicate id or a bad regex is a coded error at file:line:col', (t) => {
  const dir = tempDir(t)
  const file = join(dir, 's.yaml')
  writeFileSync(
    file,
    'name: s\ncases:\n  - { id: a, category: c, prompt: p, expect: [{ contains: x }] }\n  - { id: a, category: c, prompt: p, expect: [{ contains: x }] }\n',
  )
  assert.throws(
    () => loadSuite(file),
    (err) => isTimmyError(err, 'TIMMY_ERR_EVAL_SUITE_INVALID') && err.loc?.line === 4,
  )
  writeFileSync(
    file,
    'name: s\ncases:\n  - id: a\n    category: c\n    prompt: p\n    expect:\n      - regex: "(["\n',
  )
  assert.throws(
    () => loadSuite(file),
    (err) => isTimmyError(err, 'TIMMY_ERR_EVAL_SUITE_INVALID') && err.loc?.line === 7 && err.loc.col === 16,
  )
})

test('held-out cases: only pairs whose consent is eval, prompt up to the last answer, secrets redacted', (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'raw.jsonl')
  const pair = (level: string, user: string, answer: string) =>
    JSON.stringify({
      consent_level: level,
      content_hash: `sha256:${level}${user.length}`,
      messages: [
        { role: 'user', content: user },
        { role: 'assistant', content: answer },
      ],
    })
  writeFileSync(
    file,
    [
      pair('eval', 'my key is sk-abcdefghijklmnopqrstuvwx, fix the build', 'Fixed the build.'),
      pair('train', 'q', 'a'),
      pair('withdrawn', 'q', 'a'),
      '{not json',
    ].join('\n'),
  )
  const h = heldOutCases(file)
  assert.equal(h.cases.length, 1)
  assert.deepEqual(h.skipped, { consent_not_for_eval: 2, bad_json: 1 })
  const c = h.cases[0]!
  assert.equal(c.category, 'held-out')
  assert.equal(c.reference, 'Fixed the build.')
  assert.doesNotMatch(c.messages[0]!.content, /sk-abcdefghijklmnopqrstuvwx/)
  assert.deepEqual(c.expect, [{ similarity: { min: 0.3 } }])
})

test('an answer body: malformed JSON and a missing message are case errors; usage is read', () => {
  assert.equal((parseAnswer('{"choices": [') as { error?: string }).error, 'bad-json')
  assert.equal((parseAnswer('{"choices": []}') as { error?: string }).error, 'bad-response')
  assert.deepEqual(
    parseAnswer(
      '{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":9,"completion_tokens":2}}',
    ),
    { kind: 'answer', text: 'hi', usage: { input_tokens: 9, output_tokens: 2 } },
  )
})

test('endpoint URLs: base URLs get /chat/completions; other schemes, credentials and banned providers are refused', () => {
  assert.equal(
    chatCompletionsUrl('http://127.0.0.1:8080/v1/', policy),
    'http://127.0.0.1:8080/v1/chat/completions',
  )
  assert.equal(chatCompletionsUrl('http://h/v1/chat/completions', policy), 'http://h/v1/chat/completions')
  for (const bad of ['not a url', 'file:///etc/passwd', 'http://u:p@h/v1', 'https://api.anthropic.com/v1'])
    assert.throws(
      () => chatCompletionsUrl(bad, policy),
      (err) => isTimmyError(err, 'TIMMY_ERR_EVAL_BAD_ENDPOINT'),
    )
})

test('the pool keeps at most `concurrency` items in flight and starts none after a stop', async () => {
  let inFlight = 0
  let most = 0
  const done: number[] = []
  await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++
    most = Math.max(most, inFlight)
    await new Promise((r) => setImmediate(r))
    inFlight--
    done.push(n)
  })
  assert.equal(most, 3)
  assert.equal(done.length, 7)
  const started: number[] = []
  await runPool(
    [1, 2, 3, 4],
    1,
    async (n) => void started.push(n),
    () => started.length >= 2,
  )
  assert.deepEqual(started, [1, 2])
})
