import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay } from '../../core/backoff.js'
import { parseRetryAfter } from '../../core/retry-after.js'
import { isGiteaError } from '../../plugins/gitea/gitea-error.js'
import { parseLink } from '../../plugins/gitea/parse-link.js'
import { createWritePacer } from '../../plugins/gitea/write-pacer.js'
import { clientFor, fakeGitea } from './helpers.js'

const R = 'acme/widgets'

test('Retry-After is read as seconds and as an HTTP-date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  assert.equal(parseRetryAfter('1', now), 1000)
  assert.equal(parseRetryAfter('120', now), 120_000)
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now), 3000)
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a date in the past means now')
  assert.equal(parseRetryAfter('soon', now), undefined)
  assert.equal(parseRetryAfter(null, now), undefined)
})

test('backoff grows exponentially, stays capped, and is jittered', () => {
  const p = { baseDelayMs: 100, maxDelayMs: 1000 }
  assert.equal(
    backoffDelay(0, p, () => 1),
    100,
  )
  assert.equal(
    backoffDelay(2, p, () => 1),
    400,
  )
  assert.equal(
    backoffDelay(10, p, () => 1),
    1000,
  )
  assert.equal(
    backoffDelay(10, p, () => 0),
    500,
  )
})

test('a Link header joined by "," with no space is parsed into its rels', () => {
  const links = parseLink('<https://h/api/v1/x?page=2>; rel="next",<https://h/api/v1/x?page=5>; rel="last"')
  assert.deepEqual(links, { next: 'https://h/api/v1/x?page=2', last: 'https://h/api/v1/x?page=5' })
  assert.deepEqual(parseLink(null), {})
})

test('the write pacer lets a small burst through, then one write per interval', async () => {
  let now = 0
  const slept: number[] = []
  const pacer = createWritePacer(60, {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    },
  })
  for (let n = 0; n < 10; n++) await pacer.acquire()
  assert.equal(slept.length, 4, 'a burst of 6 (a tenth of the minute), then 4 waits')
  assert.ok(slept.every((ms) => ms === 1000))
  assert.equal(now, 4000)
})

test('the write pacer never starts more than perMinute writes in any 60 s window, burst included', async () => {
  let now = 0
  const pacer = createWritePacer(60, {
    now: () => now,
    sleep: async (ms) => {
      now += ms
    },
  })
  const starts: number[] = []
  for (let n = 0; n < 200; n++) {
    await pacer.acquire()
    starts.push(now)
  }
  let peak = 0
  for (let i = 0; i < starts.length; i++) {
    let j = i
    while (j < starts.length && starts[j]! < starts[i]! + 60_000) j++
    peak = Math.max(peak, j - i)
  }
  assert.equal(peak, 60)
})

test('writes through the client are paced; reads are not', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  let now = 0
  const sleeps: number[] = []
  const { client } = clientFor(fake, {
    writesPerMinute: 6,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms)
      now += ms
    },
  })
  for (let n = 0; n < 3; n++) await client.editIssue(R, issue.number, { title: `t${n}` })
  for (let n = 0; n < 5; n++) await client.getIssue(R, issue.number)
  assert.deepEqual(sleeps, [10_000, 10_000])
})

test('an injected 429 with Retry-After: 1 is waited out and the GET succeeds', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.fault({ method: 'GET', path: '/repos/acme/widgets', status: 429, headers: { 'Retry-After': '1' } })
  const { client, sleeps } = clientFor(fake)
  assert.equal((await client.getRepo(R)).name, 'widgets')
  assert.deepEqual(sleeps, [1000])
})

test('an injected 429 with an HTTP-date Retry-After is honoured', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const now = Date.parse('2026-03-01T12:00:00Z')
  fake.fault({
    path: '/repos/acme/widgets',
    status: 429,
    headers: { 'Retry-After': new Date(now + 7000).toUTCString() },
  })
  const { client, sleeps } = clientFor(fake, { now: () => now })
  await client.getRepo(R)
  assert.deepEqual(sleeps, [7000])
})

test('a Retry-After beyond the cap fails at once as GITEA_RATE_LIMITED', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.fault({ path: '/repos/acme/widgets', status: 429, headers: { 'Retry-After': '3600' } })
  const { client, sleeps } = clientFor(fake)
  await assert.rejects(client.getRepo(R), (e) => {
    assert.ok(isGiteaError(e, 'TIMMY_ERR_GITEA_RATE_LIMITED'))
    assert.equal(e.retryAfterMs, 3_600_000)
    return true
  })
  assert.deepEqual(sleeps, [])
})

test('a burst of 503s is retried with growing, capped backoff; a longer burst fails as GITEA_SERVER_ERROR', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.fault({ path: '/repos/acme/widgets', status: 503, times: 3 })
  const { client, sleeps } = clientFor(fake, { retry: { baseDelayMs: 100, maxDelayMs: 300 } })
  await client.getRepo(R)
  assert.deepEqual(sleeps, [75, 150, 225]) // jitter 0.5 of 100, 200, 300 (capped)
  fake.fault({ path: '/repos/acme/widgets', status: 502, times: 5 })
  await assert.rejects(
    client.getRepo(R),
    (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_SERVER_ERROR') && e.status === 502,
  )
  fake.fault({ path: '/repos/acme/widgets', status: 429, times: 5 })
  await assert.rejects(client.getRepo(R), (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_RATE_LIMITED'))
})

test('dropped connections are retried for GETs and PATCHes', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  fake.fault({ method: 'GET', path: '/issues', drop: 'before', times: 2 })
  const { client } = clientFor(fake)
  assert.equal((await client.listIssues(R)).length, 1)
  fake.fault({ method: 'PATCH', drop: 'after' })
  assert.equal((await client.editIssue(R, issue.number, { title: 'again' })).title, 'again')
})

test('a create PR whose answer is lost is not sent twice: the client finds the PR it made', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R, { branches: ['feature'] })
  fake.fault({ method: 'POST', path: '/pulls', drop: 'after' })
  const { client } = clientFor(fake)
  const pr = await client.createPull(R, { head: 'feature', base: 'main', title: 'Feature' })
  assert.equal(pr.head.ref, 'feature')
  assert.equal(fake.counts.creates.pulls, 1)
  assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1)
})

test('a comment POST that fails before or after applying is checked, then sent at most once more', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  const { client } = clientFor(fake)
  fake.fault({ method: 'POST', path: '/comments', drop: 'after' })
  await client.createComment(R, issue.number, 'first')
  fake.fault({ method: 'POST', path: '/comments', status: 503 })
  await client.createComment(R, issue.number, 'second')
  fake.fault({ method: 'POST', path: '/comments', drop: 'before' })
  await client.createComment(R, issue.number, 'third')
  const bodies = fake.state.repo(R)!.comments.map((c) => c.body)
  assert.deepEqual(bodies, ['first', 'second', 'third'])
  assert.equal(fake.counts.creates.comments, 3)
})

test('a merge whose answer is lost is confirmed by reading the PR, not merged twice', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const pr = fake.addPull(R, { head: 'x' })
  fake.fault({ method: 'POST', path: '/merge', drop: 'after' })
  const { client } = clientFor(fake)
  await client.mergePull(R, pr.number)
  assert.equal(fake.counts.creates.merges, 1)
  assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1)
})

test('an unreachable server is GITEA_NETWORK and a slow one is GITEA_TIMEOUT', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const { client } = clientFor(fake, { url: 'http://127.0.0.1:9', retry: { attempts: 2 } })
  await assert.rejects(client.getRepo(R), (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_NETWORK'))
  fake.latencyMs = 400
  const { client: slow } = clientFor(fake, { timeoutMs: 100, retry: { attempts: 1 } })
  await assert.rejects(slow.getRepo(R), (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_TIMEOUT'))
  fake.latencyMs = 0
})
