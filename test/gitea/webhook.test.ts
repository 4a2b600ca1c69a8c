import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { definePlugin } from '../../core/plugin.js'
import { verifySignature } from '../../plugins/gitea/verify-signature.js'
import type { Job } from '../../plugins/queue/queue-types.js'
import { sandbox } from '../helpers/temp.js'
import { delivery, type EventName } from './payloads.js'
import { serveWith, waitFor } from './serve-helpers.js'

const SECRET = 'receiver-test-secret'
const post = (url: string, body: string | Buffer, headers: Record<string, string>) =>
  fetch(`${url}/hooks/gitea`, { method: 'POST', body, headers })

test('signatures are checked over the raw bytes, in either header form', () => {
  const d = delivery('push', SECRET)
  const raw = Buffer.from(d.body)
  assert.equal(verifySignature(raw, { giteaSignature: d.sig }, SECRET), 'ok')
  assert.equal(verifySignature(raw, { hubSignature256: `sha256=${d.sig}` }, SECRET), 'ok')
  assert.equal(verifySignature(raw, { giteaSignature: d.sig.toUpperCase() }, SECRET), 'ok')
  assert.equal(verifySignature(raw, {}, SECRET), 'missing')
  assert.equal(verifySignature(raw, { hubSignature256: 'sha256=' }, SECRET), 'missing')
  assert.equal(verifySignature(raw, { giteaSignature: 'abc' }, SECRET), 'bad')
  assert.equal(verifySignature(raw, { giteaSignature: d.sig }, 'other'), 'bad')
  assert.equal(
    verifySignature(Buffer.from(JSON.stringify(JSON.parse(d.body))), { giteaSignature: d.sig }, SECRET),
    'bad',
  )
})

test('signed push, issues, issue_comment and merged pull_request deliveries become work items', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET } } })
  t.after(() => s.close())
  const expected: Record<EventName, string> = {
    push: 'push',
    issues: 'issues.opened',
    issue_comment: 'issue_comment.created',
    pull_request: 'pull_request.merged',
  }
  for (const event of Object.keys(expected) as EventName[]) {
    const d = delivery(event, SECRET)
    const res = await post(s.url, d.body, d.headers)
    assert.equal(res.status, 202, event)
    assert.deepEqual(await res.json(), { ok: true, id: d.id })
  }
  // Only the sha256= header (as a GitHub-style sender would send it); another body, else it is a replay.
  const hubOnly = delivery('issues', SECRET, { fields: { action: 'reopened' } })
  delete hubOnly.headers['X-Gitea-Signature']
  assert.equal((await post(s.url, hubOnly.body, hubOnly.headers)).status, 202)
  await waitFor(() => s.items.length === 5, 'five work items')
  assert.deepEqual(
    s.items.slice(0, 4).map((i) => i.event),
    Object.values(expected),
  )
  const merged = s.items[3]!
  assert.equal(merged.source, 'gitea')
  assert.equal(merged.repo, 'acme/widgets')
  assert.equal(merged.issue, 6)
  assert.equal((merged.gitea as { action: string }).action, 'closed')
  assert.equal(s.items[1]!.issue, 5)
})

test('a re-serialised body, a wrong secret and a missing signature are each 401 and hand nothing on', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET } } })
  t.after(() => s.close())
  const d = delivery('push', SECRET)
  const reserialised = JSON.stringify(JSON.parse(d.body), null, 2)
  assert.notEqual(reserialised, d.body, 'Go escapes & < > and JSON.stringify does not')
  const r1 = await post(s.url, reserialised, d.headers)
  assert.equal(r1.status, 401)
  assert.equal(((await r1.json()) as { error: string }).error, 'bad_signature')
  const wrong = delivery('push', 'not-the-secret')
  assert.equal((await post(s.url, wrong.body, wrong.headers)).status, 401)
  const bare = { ...d.headers }
  delete bare['X-Gitea-Signature']
  delete bare['X-Hub-Signature-256']
  const r3 = await post(s.url, d.body, bare)
  assert.equal(r3.status, 401)
  assert.equal(((await r3.json()) as { error: string }).error, 'missing_signature')
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(s.items.length, 0)
})

test('a replayed delivery id is acknowledged and ignored, also after a restart', async (t) => {
  const box = sandbox(t)
  const d = delivery('issues', SECRET)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET } } })
  assert.equal((await post(s.url, d.body, d.headers)).status, 202)
  const again = await post(s.url, d.body, d.headers)
  assert.equal(again.status, 200)
  assert.deepEqual(await again.json(), { ok: true, duplicate: true, id: d.id })
  await waitFor(() => s.items.length === 1, 'one work item')
  await s.close()
  const s2 = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET } } })
  t.after(() => s2.close())
  assert.equal((await post(s2.url, d.body, d.headers)).status, 200)
  await new Promise((r) => setTimeout(r, 50))
  assert.equal(s2.items.length, 0)
  const db = (await s2.host.store()).db
  assert.equal((db.prepare('SELECT count(*) AS n FROM gitea_deliveries').get() as { n: number }).n, 1)
})

test('an oversized body is 413 and a signed non-JSON body is 400', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET, bodyLimit: 4096 } } })
  t.after(() => s.close())
  const d = delivery('push', SECRET)
  const big = 'x'.repeat(5000)
  assert.equal((await post(s.url, big, d.headers)).status, 413)
  const { createHmac } = await import('node:crypto')
  for (const junk of ['not json at all', '[1,2,3]', 'null', '{"a":']) {
    const sig = createHmac('sha256', SECRET).update(junk).digest('hex')
    const res = await post(s.url, junk, { ...d.headers, 'X-Gitea-Signature': sig, 'X-Gitea-Delivery': junk })
    assert.equal(res.status, 400, junk)
  }
})

test('1,000 random junk bodies are each rejected, and the server keeps serving', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET, bodyLimit: 2048 } } })
  t.after(() => s.close())
  const { createHmac } = await import('node:crypto')
  const statuses = new Map<number, number>()
  const contentTypes = [
    'application/json',
    'text/plain',
    'application/octet-stream',
    'application/x-www-form-urlencoded',
    '',
  ]
  for (let n = 0; n < 1000; n++) {
    const size = n % 50 === 0 ? 3000 : Math.floor(Math.random() * 600)
    const body = randomBytes(size)
    const headers: Record<string, string> = { 'X-Gitea-Event': 'push', 'X-Gitea-Delivery': `junk-${n}` }
    const ct = contentTypes[n % contentTypes.length]!
    if (ct) headers['Content-Type'] = ct
    if (n % 3 === 0) headers['X-Gitea-Signature'] = createHmac('sha256', SECRET).update(body).digest('hex')
    else if (n % 3 === 1) headers['X-Gitea-Signature'] = randomBytes(32).toString('hex')
    const res = await post(s.url, body, headers)
    await res.arrayBuffer()
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    assert.ok([400, 401, 413].includes(res.status), `junk ${n} (${ct}) got ${res.status}`)
  }
  assert.ok((statuses.get(401) ?? 0) > 0 && (statuses.get(413) ?? 0) > 0)
  assert.equal((await fetch(`${s.url}/healthz`)).status, 200)
  const d = delivery('push', SECRET)
  assert.equal((await post(s.url, d.body, d.headers)).status, 202, 'a real delivery still goes through')
  await waitFor(() => s.items.length === 1, 'the real delivery')
})

test('an empty secret refuses deliveries with the coded fix, unless insecure is set explicitly', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: {} } })
  const d = delivery('push', SECRET)
  const res = await post(s.url, d.body, d.headers)
  assert.equal(res.status, 503)
  assert.equal(((await res.json()) as { error: string }).error, 'TIMMY_ERR_GITEA_WEBHOOK_NO_SECRET')
  await s.close()
  const s2 = await serveWith(box, { pluginOptions: { gitea: { insecure: true } } })
  t.after(() => s2.close())
  const unsigned = { ...d.headers }
  delete unsigned['X-Gitea-Signature']
  delete unsigned['X-Hub-Signature-256']
  assert.equal((await post(s2.url, d.body, unsigned)).status, 202)
})

test('a form-encoded delivery is verified over its payload field', async (t) => {
  const box = sandbox(t)
  const s = await serveWith(box, { pluginOptions: { gitea: { webhookSecret: SECRET } } })
  t.after(() => s.close())
  const d = delivery('issues', SECRET)
  const form = new URLSearchParams({ payload: d.body }).toString()
  const res = await post(s.url, form, { ...d.headers, 'Content-Type': 'application/x-www-form-urlencoded' })
  assert.equal(res.status, 202)
})

test('work items go through the workItem hook, then to the queue service when one is loaded', async (t) => {
  const box = sandbox(t)
  // A plugin of the test's own on the waterfall; the queue is the real built-in one.
  const enrich = definePlugin({
    name: 'enrich',
    version: '0.0.0',
    setup(h) {
      h.hooks.workItem.tap('enrich', (item) => ({ ...item, triaged: true }))
    },
  })
  const s = await serveWith(
    box,
    { pluginOptions: { gitea: { webhookSecret: SECRET } } },
    { plugins: [enrich] },
  )
  t.after(() => s.close())
  const d = delivery('issues', SECRET)
  assert.equal((await post(s.url, d.body, d.headers)).status, 202)
  const queue = s.host.service('queue')!
  let jobs: Job[] = []
  await waitFor(async () => (jobs = await queue.list({ task: 'work-item' })).length === 1, 'an enqueued item')
  const args = jobs[0]!.args as { event: string; triaged?: boolean }
  assert.equal(args.event, 'issues.opened')
  assert.equal(args.triaged, true, 'the waterfall result is what is enqueued')
  assert.equal(jobs[0]!.idempotencyKey, `gitea:${d.id}`)
})

test('when the hand-off fails, the delivery is forgotten so a redelivery is processed', async (t) => {
  const box = sandbox(t)
  let fail = true
  // The real queue refuses what it cannot store: a waterfall tap that adds a BigInt breaks the hand-off.
  const spoil = definePlugin({
    name: 'spoil',
    version: '0.0.0',
    setup(h) {
      h.hooks.workItem.tap({ name: 'spoil', stage: 200 }, (item) => (fail ? { ...item, size: 1n } : item))
    },
  })
  const s = await serveWith(
    box,
    { pluginOptions: { gitea: { webhookSecret: SECRET } } },
    { plugins: [spoil] },
  )
  t.after(() => s.close())
  const d = delivery('issues', SECRET)
  assert.equal((await post(s.url, d.body, d.headers)).status, 202)
  await waitFor(() => s.items.length === 1, 'the first attempt')
  const db = (await s.host.store()).db
  await waitFor(
    () => (db.prepare('SELECT count(*) AS n FROM gitea_deliveries').get() as { n: number }).n === 0,
    'the delivery to be forgotten',
  )
  fail = false
  assert.equal((await post(s.url, d.body, d.headers)).status, 202, 'the redelivery is processed')
  await waitFor(() => s.items.length === 2, 'the second attempt')
  assert.equal((await post(s.url, d.body, d.headers)).status, 200, 'and now it is a replay')
})
