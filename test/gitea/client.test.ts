import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isGiteaError } from '../../plugins/gitea/gitea-error.js'
import { clientFor, fakeGitea } from './helpers.js'

const R = 'acme/widgets'

test('listIssues returns issues only by default and tells PRs apart by pull_request', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addIssue(R, { title: 'bug one', labels: ['bug'] })
  fake.addPull(R, { head: 'feature' })
  fake.addIssue(R, { title: 'closed one', state: 'closed' })
  const { client } = clientFor(fake)
  const issues = await client.listIssues(R)
  assert.deepEqual(
    issues.map((i) => i.title),
    ['bug one'],
  )
  assert.equal(issues[0]!.pull_request, null)
  const pulls = await client.listIssues(R, { type: 'pulls' })
  assert.equal(pulls.length, 1)
  assert.equal(pulls[0]!.pull_request?.merged, false)
  const all = await client.listIssues(R, { type: 'all', state: 'all' })
  assert.equal(all.length, 3)
  assert.equal((await client.listIssues(R, { state: 'closed' }))[0]!.title, 'closed one')
})

test('the labels filter is ANDed, and an unknown label matches nothing instead of everything', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addIssue(R, { title: 'both', labels: ['bug', 'p1'] })
  fake.addIssue(R, { title: 'bug only', labels: ['bug'] })
  const { client } = clientFor(fake)
  assert.deepEqual(
    (await client.listIssues(R, { labels: ['bug', 'p1'] })).map((i) => i.title),
    ['both'],
  )
  assert.equal((await client.listIssues(R, { labels: ['bug'] })).length, 2)
  // Gitea itself drops unknown names and then the whole filter: the raw request returns every issue.
  const raw = await client.request<unknown[]>({
    method: 'GET',
    path: `/repos/${R}/issues`,
    query: { labels: 'nope' },
  })
  assert.equal(raw.data.length, 2)
  assert.deepEqual(await client.listIssues(R, { labels: ['nope'] }), [])
  assert.deepEqual(await client.listIssues(R, { labels: ['bug', 'nope'] }), [])
})

test('listIssues passes since, and the issues iterator yields every match', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addIssue(R, { title: 'old', updatedAt: Date.parse('2025-01-01T00:00:00Z') })
  fake.addIssue(R, { title: 'new', updatedAt: Date.parse('2026-01-01T00:00:00Z') })
  const { client } = clientFor(fake)
  const recent = await client.listIssues(R, { since: new Date('2025-06-01T00:00:00Z') })
  assert.deepEqual(
    recent.map((i) => i.title),
    ['new'],
  )
  const seen: string[] = []
  for await (const i of client.issues(R)) seen.push(i.title)
  assert.deepEqual(seen.sort(), ['new', 'old'])
})

test('pagination over 1,234 issues reads every issue once, sequentially and with concurrency', async (t) => {
  const fake = await fakeGitea(t, { rootUrl: 'https://git.example.com/' })
  fake.addRepo(R)
  for (let n = 0; n < 1234; n++) fake.addIssue(R, { title: `issue ${n}` })
  for (const pageConcurrency of [1, 4]) {
    fake.requests.length = 0
    const { client } = clientFor(fake, { pageConcurrency })
    const all = await client.listIssues(R, { all: true })
    assert.equal(all.length, 1234)
    assert.equal(new Set(all.map((i) => i.number)).size, 1234)
    assert.deepEqual(
      all.map((i) => i.number),
      [...all.map((i) => i.number)].sort((a, b) => b - a),
      'pages come back in order',
    )
    const lists = fake.requests.filter((r) => r.path.endsWith('/issues'))
    assert.equal(lists.length, 25) // ceil(1234 / 50)
    assert.ok(lists.every((r) => new URLSearchParams(r.query).get('limit') === '50'))
  }
})

test('the fake clamps limit to 50 and writes Link and X-Total-Count as Gitea does', async (t) => {
  const fake = await fakeGitea(t, { rootUrl: 'https://git.example.com/' })
  fake.addRepo(R)
  for (let n = 0; n < 120; n++) fake.addIssue(R)
  const res = await fetch(`${fake.url}/api/v1/repos/${R}/issues?limit=100&page=2&state=open`, {
    headers: { authorization: `token ${fake.token}` },
  })
  assert.equal(((await res.json()) as unknown[]).length, 50)
  assert.equal(res.headers.get('x-total-count'), '120')
  const link = res.headers.get('link')!
  assert.equal(
    link,
    '<https://git.example.com/api/v1/repos/acme/widgets/issues?limit=50&page=3&state=open>; rel="next",' +
      '<https://git.example.com/api/v1/repos/acme/widgets/issues?limit=50&page=3&state=open>; rel="last",' +
      '<https://git.example.com/api/v1/repos/acme/widgets/issues?limit=50&page=1&state=open>; rel="first",' +
      '<https://git.example.com/api/v1/repos/acme/widgets/issues?limit=50&page=1&state=open>; rel="prev"',
  )
  // The client asks its own server for the next page, never the ROOT_URL host (the token stays home).
  const { client } = clientFor(fake, { pageConcurrency: 1 })
  assert.equal((await client.listIssues(R, { all: true })).length, 120)
})

test('getIssue returns the issue, and a missing one is GITEA_NOT_FOUND with method, path and url', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R, { title: 'hello' })
  const { client } = clientFor(fake)
  assert.equal((await client.getIssue(R, issue.number)).title, 'hello')
  await assert.rejects(client.getIssue(R, 999), (err) => {
    assert.ok(isGiteaError(err, 'TIMMY_ERR_GITEA_NOT_FOUND'))
    assert.equal(err.status, 404)
    assert.equal(err.method, 'GET')
    assert.equal(err.path, `/repos/${R}/issues/999`)
    assert.equal(err.url, `${fake.url}/api/v1/repos/${R}/issues/999`)
    assert.ok(!JSON.stringify(err).includes(fake.token) && !err.message.includes(fake.token))
    return true
  })
})

test('editIssue accepts 201, and closeIssue closes', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  const { client } = clientFor(fake)
  const edited = await client.editIssue(R, issue.number, { title: 'renamed' })
  assert.equal(edited.title, 'renamed')
  assert.equal(fake.requests.at(-1)!.status, 201)
  const closed = await client.closeIssue(R, issue.number)
  assert.equal(closed.state, 'closed')
  assert.ok(closed.closed_at)
})

test('editIssue errors: bad state is 412 (validation), stale content_version is 409, a stranger gets a bare 403', async (t) => {
  const fake = await fakeGitea(t, { tokens: { 'tok-admin': 'timmy', 'tok-stranger': 'stranger' } })
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  const { client } = clientFor(fake)
  await assert.rejects(client.editIssue(R, issue.number, { state: 'bogus' as 'open' }), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_VALIDATION'),
  )
  await assert.rejects(client.editIssue(R, issue.number, { title: 'x', content_version: 42 }), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_CONFLICT'),
  )
  const { client: stranger } = clientFor(fake, { token: 'tok-stranger' })
  await assert.rejects(stranger.editIssue(R, issue.number, { title: 'x' }), (e) => {
    assert.ok(isGiteaError(e, 'TIMMY_ERR_GITEA_FORBIDDEN'))
    assert.equal(e.apiMessage, '')
    return true
  })
})

test('assign replaces the set, and an unknown user is refused before Gitea can answer 500', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addUser('alice')
  fake.addUser('bob')
  const issue = fake.addIssue(R, { assignees: ['alice'] })
  const { client } = clientFor(fake)
  const done = await client.assign(R, issue.number, ['bob'])
  assert.deepEqual(
    done.assignees?.map((u) => u.login),
    ['bob'],
  )
  const before = fake.requests.filter((r) => r.method === 'PATCH').length
  await assert.rejects(client.assign(R, issue.number, ['bob', 'ghost']), (e) =>
    isGiteaError(e, undefined) ? false : (e as { code?: string }).code === 'TIMMY_ERR_GITEA_UNKNOWN_USER',
  )
  assert.equal(fake.requests.filter((r) => r.method === 'PATCH').length, before, 'no PATCH was sent')
  // What Gitea does without the check: a 500 (and the title change before it stays).
  await assert.rejects(
    client.request({
      method: 'PATCH',
      path: `/repos/${R}/issues/${issue.number}`,
      body: { title: 'half', assignees: ['ghost'] },
    }),
    (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_SERVER_ERROR') && e.status === 500,
  )
  assert.equal((await client.getIssue(R, issue.number)).title, 'half')
})

test('addLabels adds by name, refuses a missing label, or creates it with a colour when asked', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addLabel(R, 'bug', 'ee0701')
  const issue = fake.addIssue(R)
  const { client } = clientFor(fake)
  const labels = await client.addLabels(R, issue.number, ['bug'])
  assert.deepEqual(
    labels.map((l) => l.name),
    ['bug'],
  )
  await assert.rejects(
    client.addLabels(R, issue.number, ['triaged']),
    (e) => (e as { code?: string }).code === 'TIMMY_ERR_GITEA_UNKNOWN_LABEL',
  )
  const after = await client.addLabels(R, issue.number, ['triaged'], { create: true, color: '#00aabb' })
  assert.deepEqual(after.map((l) => l.name).sort(), ['bug', 'triaged'])
  assert.equal(after.find((l) => l.name === 'triaged')!.color, '00aabb', 'colour comes back without #')
  assert.equal(fake.counts.creates.labels, 1)
  assert.equal(typeof (await client.getLabelId(R, 'triaged')), 'number')
  assert.equal(await client.getLabelId(R, 'nope'), undefined)
  await assert.rejects(client.createLabel(R, 'bad', 'not-a-colour'), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_VALIDATION'),
  )
})

test('createComment posts once and returns the comment; a locked issue is 403 for a non-writer', async (t) => {
  const fake = await fakeGitea(t, { tokens: { 'tok-admin': 'timmy', 'tok-poster': 'poster' } })
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  const locked = fake.addIssue(R, { locked: true })
  const { client } = clientFor(fake)
  const c = await client.createComment(R, issue.number, 'Looks like a bug & a half <b>')
  assert.equal(c.body, 'Looks like a bug & a half <b>')
  assert.equal(fake.counts.creates.comments, 1)
  const { client: poster } = clientFor(fake, { token: 'tok-poster' })
  await assert.rejects(poster.createComment(R, locked.number, 'hi'), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_FORBIDDEN'),
  )
})

test('listPulls filters by state and label; getPull reads one', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addPull(R, { head: 'a', labels: ['ready'] })
  fake.addPull(R, { head: 'b' })
  fake.addPull(R, { head: 'c', state: 'closed' })
  const { client } = clientFor(fake)
  assert.equal((await client.listPulls(R)).length, 2)
  assert.equal((await client.listPulls(R, { state: 'all' })).length, 3)
  const ready = await client.listPulls(R, { labels: ['ready'] })
  assert.deepEqual(
    ready.map((p) => p.head.ref),
    ['a'],
  )
  assert.deepEqual(await client.listPulls(R, { labels: ['unknown'] }), [])
  const pr = await client.getPull(R, ready[0]!.number)
  assert.equal(pr.html_url, pr.url, 'PullRequest.url holds the HTML URL')
})

test('createPull is idempotent: an existing open PR is returned, and a 409 is treated the same', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R, { branches: ['fix/widget'] })
  const { client } = clientFor(fake)
  const first = await client.createPull(R, { head: 'fix/widget', base: 'main', title: 'Fix widget' })
  const second = await client.createPull(R, { head: 'fix/widget', base: 'main', title: 'Fix widget' })
  assert.equal(second.number, first.number)
  assert.equal(fake.counts.creates.pulls, 1)
  // The look-up misses (say a proxy 404s it), the POST answers 409 "already exists": same PR back.
  fake.fault({ method: 'GET', path: '/pulls/main/fix/widget', status: 404, body: '{"message":"not found"}' })
  const third = await client.createPull(R, { head: 'fix/widget', base: 'main', title: 'Fix widget' })
  assert.equal(third.number, first.number)
  assert.ok(fake.requests.some((r) => r.method === 'POST' && r.status === 409))
  assert.equal(fake.counts.creates.pulls, 1)
  await assert.rejects(client.createPull(R, { head: 'main', base: 'main', title: 'x' }), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_VALIDATION'),
  )
  await assert.rejects(client.createPull(R, { head: 'no-such-branch', base: 'main', title: 'x' }), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_NOT_FOUND'),
  )
})

test('mergePull merges; 405 and the 409 conflict become distinct coded errors', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const ok = fake.addPull(R, { head: 'ok' })
  const conflict = fake.addPull(R, { head: 'conflict', conflict: true })
  const draft = fake.addPull(R, { head: 'draft', draft: true })
  const { client } = clientFor(fake)
  await client.mergePull(R, ok.number, { do: 'squash', title: 'Squash it' })
  const merged = await client.getPull(R, ok.number)
  assert.equal(merged.merged, true)
  assert.equal(merged.state, 'closed')
  await assert.rejects(client.mergePull(R, ok.number), (e) => {
    assert.ok(isGiteaError(e, 'TIMMY_ERR_GITEA_MERGE_NOT_ALLOWED'))
    assert.equal(e.status, 405)
    assert.equal(e.apiMessage, 'The PR is already merged')
    return true
  })
  await assert.rejects(client.mergePull(R, draft.number), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_MERGE_NOT_ALLOWED'),
  )
  await assert.rejects(client.mergePull(R, conflict.number), (e) => {
    assert.ok(isGiteaError(e, 'TIMMY_ERR_GITEA_MERGE_CONFLICT'))
    assert.equal(e.status, 409)
    assert.match(String(e.conflict?.StdErr), /CONFLICT/)
    return true
  })
  await assert.rejects(client.mergePull(R, 999), (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_NOT_FOUND'))
  // A missing `do` is Gitea's 422 binding error.
  fake.forgive(/required property 'do'/)
  await assert.rejects(
    client.request({ method: 'POST', path: `/repos/${R}/pulls/${conflict.number}/merge`, body: {} }),
    (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_VALIDATION') && e.status === 422,
  )
})

test('getRepo, listOrgRepos (paged) and searchIssues (any label, across repos)', async (t) => {
  const fake = await fakeGitea(t)
  for (let n = 0; n < 57; n++) fake.addRepo(`acme/repo-${n}`)
  fake.addRepo('other/thing')
  fake.addIssue('acme/repo-1', { title: 'a', labels: ['bug'] })
  fake.addIssue('acme/repo-2', { title: 'b', labels: ['p1'] })
  fake.addIssue('other/thing', { title: 'c', labels: ['bug'] })
  const { client } = clientFor(fake)
  assert.equal((await client.getRepo('acme/repo-3')).full_name, 'acme/repo-3')
  assert.equal((await client.listOrgRepos('acme', { all: true })).length, 57)
  assert.equal((await client.listOrgRepos('acme')).length, 50)
  assert.equal((await client.listOrgRepos('acme', { page: 2 })).length, 7)
  const found = await client.searchIssues({ labels: ['bug', 'p1'], owner: 'acme' })
  assert.deepEqual(found.map((i) => i.title).sort(), ['a', 'b'])
  assert.equal((await client.searchIssues({ labels: ['bug'], all: true })).length, 2)
  await assert.rejects(client.getRepo('acme/nope'), (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_NOT_FOUND'))
  await assert.rejects(
    client.getRepo('not-a-repo'),
    (e) => (e as { code?: string }).code === 'TIMMY_ERR_GITEA_BAD_REPO',
  )
})

test('a private repo is 404 without a token, and a bad token is GITEA_UNAUTHORIZED', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo('acme/secret', { private: true })
  const anon = await fetch(`${fake.url}/api/v1/repos/acme/secret`)
  assert.equal(anon.status, 404)
  const { client } = clientFor(fake, { token: 'wrong-token' })
  await assert.rejects(client.getRepo('acme/secret'), (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_UNAUTHORIZED'))
  const bearer = await fetch(`${fake.url}/api/v1/repos/acme/secret`, {
    headers: { authorization: `BEARER ${fake.token}` },
  })
  assert.equal(bearer.status, 200, 'the scheme is matched case-insensitively; Bearer = token')
})

test('the client sends the token only in the Authorization header, as "token …"', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const { client } = clientFor(fake)
  await client.listIssues(R)
  for (const r of fake.requests) {
    assert.equal(r.authorization, `token ${fake.token}`)
    assert.ok(!r.query.includes(fake.token))
  }
})
