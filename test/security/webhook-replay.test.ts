// Issue 16, finding 7: a signed delivery replayed under a fresh X-Gitea-Delivery re-ran playbooks.
/**
 * Finding 7 of issue 16: a captured signed delivery replayed with a fresh `X-Gitea-Delivery` (the header
 * is not covered by the signature) must be refused too: the digest of the signed body is remembered.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { delivery } from '../gitea/payloads.js'
import { spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('a signed delivery replayed under a fresh delivery id is acknowledged and ignored', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { gitea: { webhookSecret: 's3cret' } } }),
  )
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  const captured = delivery('issues', 's3cret')
  const post = (headers: Record<string, string>) =>
    fetch(`${url}/hooks/gitea`, { method: 'POST', body: captured.body, headers })

  const first = await post(captured.headers)
  assert.equal(first.status, 202)
  const replay = await post({ ...captured.headers, 'X-Gitea-Delivery': randomUUID() })
  assert.equal(replay.status, 200)
  assert.deepEqual(await replay.json(), { ok: true, ignored: true, reason: 'replay' })

  // A different signed body still goes through.
  const other = delivery('push', 's3cret')
  const res = await fetch(`${url}/hooks/gitea`, { method: 'POST', body: other.body, headers: other.headers })
  assert.equal(res.status, 202)
})
