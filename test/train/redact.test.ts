import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createRedactor } from '../../training/redact.js'

const withPii = createRedactor({ pii: true })
const secretsOnly = createRedactor({ pii: false })

function run(text: string, r = withPii) {
  const counts: Record<string, number> = {}
  return { out: r.text(text, counts), counts }
}

describe('redaction', () => {
  const cases: [string, string, string, string][] = [
    ['an email address', 'mail me at jane.doe+ci@mail.example.co.uk today', 'email', 'jane.doe'],
    ['an international phone number', 'ring +44 20 7946 0958 now', 'phone', '7946'],
    ['a US phone number in brackets', 'call (555) 123-4567', 'phone', '123-4567'],
    ['a dashed phone number', 'call 555-123-4567', 'phone', '555-123'],
    ['an OpenAI key', 'OPENAI_API_KEY sk-proj-abcdefghijklmnopqrstuvwxyz123', 'api_key', 'sk-proj-abc'],
    ['an Anthropic key', 'use sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', 'api_key', 'AbCdEf'],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'api_key', 'ghp_'],
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE in env', 'api_key', 'AKIAIOSF'],
    ['a Slack token', 'xoxb-1234567890-abcdefghij', 'api_key', 'xoxb-'],
    ['a bearer token', 'Authorization: Bearer abc.def-ghi_jkl123456789', 'token', 'abc.def'],
    ['a token assignment', 'GITEA_TOKEN=0123456789abcdef0123', 'token', '0123456789abcdef'],
    ['a password in JSON', '{"password": "hunter2hunter2"}', 'token', 'hunter2'],
    ['a JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N', 'jwt', 'eyJhbGci'],
    [
      'a private key block',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
      'private_key',
      'b3BlbnNz',
    ],
  ]
  for (const [name, text, kind, leak] of cases) {
    test(`redacts ${name}`, () => {
      const { out, counts } = run(text)
      assert.equal(counts[kind], 1, `${kind} in ${JSON.stringify(counts)}`)
      assert.ok(!out.includes(leak), out)
      assert.match(out, /\[REDACTED_[A-Z_]+\]/)
    })
  }

  test('keeps the key name of an assignment and the JSON shape around the value', () => {
    assert.equal(run('{"password": "hunter2hunter2"}').out, '{"password": "[REDACTED_TOKEN]"}')
    assert.equal(
      run('Authorization: Bearer abcdefghijklmnop0123').out,
      'Authorization: Bearer [REDACTED_TOKEN]',
    )
  })

  test('leaves ordinary text alone: versions, dates, IP addresses, paths, short numbers', () => {
    const text =
      'Python 3.11.6 on 2026-07-18 at 14:22, host 192.168.100.200, see src/token_bucket.ts line 42; max_tokens=4096'
    const { out, counts } = run(text)
    assert.equal(out, text)
    assert.deepEqual(counts, {})
  })

  test('without PII redaction, emails and phone numbers stay but secrets still go', () => {
    const { out, counts } = run(
      'jane@example.com +44 20 7946 0958 sk-abcdefghijklmnopqrstuvwxyz',
      secretsOnly,
    )
    assert.ok(out.includes('jane@example.com'))
    assert.ok(out.includes('+44 20 7946 0958'))
    assert.deepEqual(counts, { api_key: 1 })
  })
})

test('hostile text (long dotted or underscored runs) is handled in linear time', () => {
  for (const unit of ['a.', 'a_', 'a-', '1 ', 'eyJ', '+1 ']) {
    const text = unit.repeat(100_000)
    const { out } = run(text)
    assert.equal(typeof out, 'string')
  }
})
