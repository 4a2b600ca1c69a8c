/** The fake reproduces the rest of Gitea's documented quirks, and the client copes with each. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isGiteaError } from '../../plugins/gitea/gitea-error.js'
import { clientFor, fakeGitea } from './helpers.js'

const R = 'acme/widgets'
const auth = (token: string) => ({ headers: { authorization: `token ${token}` } })

test('repo labels answer with X-Total-Count and no Link; the client still reads every page', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  for (let n = 0; n < 73; n++) fake.addLabel(R, `label-${n}`)
  const res = await fetch(`${fake.url}/api/v1/repos/${R}/labels?limit=50`, auth(fake.token))
  assert.equal(res.headers.get('x-total-count'), '73')
  assert.equal(res.headers.get('link'), null)
  const { client } = clientFor(fake)
  assert.equal((await client.listLabels(R)).length, 73)
  assert.equal(typeof (await client.getLabelId(R, 'label-72')), 'number')
})

test('issue search builds its Link from the unclamped limit (so the client sends ≤ 50)', async (t) => {
  const fake = await fakeGitea(t, { rootUrl: 'https://git.example.com/' })
  fake.addRepo(R)
  for (let n = 0; n < 120; n++) fake.addIssue(R)
  const res = await fetch(`${fake.url}/api/v1/repos/issues/search?limit=100`, auth(fake.token))
  assert.equal(((await res.json()) as unknown[]).length, 50)
  assert.match(res.headers.get('link')!, /limit=100&page=2/)
  const { client } = clientFor(fake)
  fake.requests.length = 0
  assert.equal((await client.searchIssues({ all: true })).length, 120)
  assert.ok(fake.requests.filter((r) => r.path.endsWith('/search')).every((r) => /limit=50/.test(r.query)))
})

test('users carry the extra username field; an unknown state means open; limit ≤ 0 means 30', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  for (let n = 0; n < 40; n++) fake.addIssue(R)
  fake.addIssue(R, { state: 'closed' })
  const { client } = clientFor(fake)
  const me = await client.whoami()
  assert.equal(me.username, me.login)
  const res = await fetch(`${fake.url}/api/v1/repos/${R}/issues?state=weird&limit=0`, auth(fake.token))
  const page = (await res.json()) as { state: string }[]
  assert.equal(page.length, 30)
  assert.ok(page.every((i) => i.state === 'open'))
  fake.forgive(/state must be equal to one of the allowed values/)
})

test('merging a closed PR is 404; the legacy "Do" field is accepted', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const closed = fake.addPull(R, { head: 'old', state: 'closed' })
  const legacy = fake.addPull(R, { head: 'legacy' })
  const { client } = clientFor(fake)
  await assert.rejects(client.mergePull(R, closed.number), (e) =>
    isGiteaError(e, 'TIMMY_ERR_GITEA_NOT_FOUND'),
  )
  await client.request({
    method: 'POST',
    path: `/repos/${R}/pulls/${legacy.number}/merge`,
    body: { Do: 'merge' },
  })
  assert.equal(legacy.pull!.merged, true)
  fake.forgive(/required property 'do'/)
})

test('a stale head_commit_id is a 409 with the usual error body, told apart from a content conflict', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  const pr = fake.addPull(R, { head: 'x' })
  const { client } = clientFor(fake)
  await assert.rejects(client.mergePull(R, pr.number, { headCommitId: 'f'.repeat(40) }), (e) => {
    assert.ok(isGiteaError(e, 'TIMMY_ERR_GITEA_MERGE_CONFLICT'))
    assert.equal(e.conflict, undefined)
    assert.equal(e.apiMessage, 'head out of date')
    return true
  })
})

test('a poster without write access may edit the title, but assignees are silently ignored', async (t) => {
  const fake = await fakeGitea(t, { tokens: { 'tok-admin': 'timmy', 'tok-poster': 'poster' } })
  fake.addRepo(R)
  fake.addUser('alice')
  const issue = fake.addIssue(R, { user: 'poster' })
  const { client } = clientFor(fake, { token: 'tok-poster' })
  const out = await client.editIssue(R, issue.number, { title: 'mine', assignees: ['alice'] })
  assert.equal(out.title, 'mine')
  assert.equal(out.assignees, null)
})

test('commenting on an archived repository is 423, a coded forbidden error', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R, { archived: true })
  const issue = fake.addIssue(R)
  const { client } = clientFor(fake)
  await assert.rejects(
    client.createComment(R, issue.number, 'hi'),
    (e) => isGiteaError(e, 'TIMMY_ERR_GITEA_FORBIDDEN') && e.status === 423,
  )
})

test('a comment retry does not mistake someone else’s identical comment for its own', async (t) => {
  const fake = await fakeGitea(t, { tokens: { 'tok-admin': 'timmy', 'tok-bob': 'bob' } })
  fake.addRepo(R)
  const issue = fake.addIssue(R)
  const { client: bob } = clientFor(fake, { token: 'tok-bob' })
  await bob.createComment(R, issue.number, '+1')
  fake.fault({ method: 'POST', path: '/comments', drop: 'before' })
  const { client } = clientFor(fake)
  const mine = await client.createComment(R, issue.number, '+1')
  assert.equal(mine.user.login, 'timmy')
  assert.equal(fake.state.repo(R)!.comments.length, 2)
})
