/**
 * The receiver accepts the signed webhook examples in `../shared/reference/gitea/webhooks/` (read in
 * place, byte for byte, secret `gitea-webhook-test-secret`) and rejects each once re-serialised.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { serveWith, waitFor } from '../test/gitea/serve-helpers.js'
import { sandbox } from '../test/helpers/temp.js'

const dir = new URL('../../shared/reference/gitea/webhooks/', import.meta.url)
const examples = ['push', 'issues', 'issue_comment', 'pull_request'] as const
const expected = {
  push: 'push',
  issues: 'issues.opened',
  issue_comment: 'issue_comment.created',
  pull_request: 'pull_request.merged',
}

test('the receiver accepts every signed example delivery, byte for byte', async (t) => {
  const box = sandbox(t)
  const meta0 = JSON.parse(readFileSync(new URL('push.headers.json', dir), 'utf8')) as {
    _secret_used_for_signatures: string
  }
  const s = await serveWith(box, {
    pluginOptions: { gitea: { webhookSecret: meta0._secret_used_for_signatures } },
  })
  t.after(() => s.close())
  for (const name of examples) {
    const body = readFileSync(new URL(`${name}.json`, dir))
    const meta = JSON.parse(readFileSync(new URL(`${name}.headers.json`, dir), 'utf8')) as {
      _body_sha256: string
      headers: Record<string, string>
    }
    assert.equal(
      createHash('sha256').update(body).digest('hex'),
      meta._body_sha256,
      `${name}.json read byte for byte`,
    )
    const res = await fetch(`${s.url}/hooks/gitea`, { method: 'POST', body, headers: meta.headers })
    assert.equal(res.status, 202, name)
    // Re-serialised, even with the same indent, the signature no longer holds: compact always
    // differs, and indented differs wherever Go escaped & < > (push.json).
    const parsed = JSON.parse(body.toString('utf8'))
    const variants = [JSON.stringify(parsed), JSON.stringify(parsed, null, 2)].filter(
      (v) => v !== body.toString('utf8'),
    )
    if (name === 'push') assert.equal(variants.length, 2, 'push.json carries Go escapes')
    for (const [n, variant] of variants.entries()) {
      const again = await fetch(`${s.url}/hooks/gitea`, {
        method: 'POST',
        body: variant,
        headers: { ...meta.headers, 'X-Gitea-Delivery': `${meta.headers['X-Gitea-Delivery']}-re${n}` },
      })
      assert.equal(again.status, 401, `${name} re-serialised`)
    }
  }
  await waitFor(() => s.items.length >= examples.length, 'the work items')
  assert.deepEqual(
    s.items.map((i) => i.event),
    examples.map((n) => expected[n]),
  )
  assert.ok(s.items.every((i) => i.repo === 'acme/widgets'))
})

test('with a wrong secret every example is refused', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: 'not-the-secret' } } })
  t.after(() => s.close())
  for (const name of examples) {
    const body = readFileSync(new URL(`${name}.json`, dir))
    const meta = JSON.parse(readFileSync(new URL(`${name}.headers.json`, dir), 'utf8')) as {
      headers: Record<string, string>
    }
    assert.equal(
      (await fetch(`${s.url}/hooks/gitea`, { method: 'POST', body, headers: meta.headers })).status,
      401,
    )
  }
})
