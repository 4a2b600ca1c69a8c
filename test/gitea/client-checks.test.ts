/** The merge gate's client calls against the fake Gitea: combined status, reviews, the diff as text. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addReview, addStatus } from './fake-gitea-check-routes.js'
import { clientFor, fakeGitea } from './helpers.js'

test('combined status (latest per context, combined as Gitea does), reviews and the PR diff', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo('acme/widgets')
  const pr = fake.addPull('acme/widgets', { head: 'fix-1' })
  pr.pull!.diff = 'diff --git a/x b/x\n+model: local\n'
  const { client } = clientFor(fake)

  const none = await client.getCombinedStatus('acme/widgets', 'fix-1')
  assert.equal(none.state, '', 'no status at all: an empty CombinedStatus')
  assert.equal(none.total_count, 0)

  addStatus(fake, 'acme/widgets', pr, { context: 'ci/build', state: 'failure' })
  addStatus(fake, 'acme/widgets', pr, { context: 'ci/build', state: 'success' })
  addStatus(fake, 'acme/widgets', pr, { context: 'ci/lint', state: 'pending' })
  const pending = await client.getCombinedStatus('acme/widgets', pr.pull!.headSha)
  assert.equal(pending.state, 'pending')
  assert.equal(pending.total_count, 2, 'the latest status per context')
  addStatus(fake, 'acme/widgets', pr, { context: 'ci/lint', state: 'success' })
  assert.equal((await client.getCombinedStatus('acme/widgets', 'fix-1')).state, 'success')

  addReview(fake, pr, { user: 'alice', state: 'APPROVED' })
  const reviews = await client.listPullReviews('acme/widgets', pr.number)
  assert.deepEqual(
    reviews.map((r) => [r.user?.login, r.state, r.dismissed]),
    [['alice', 'APPROVED', false]],
  )
  assert.equal(await client.getPullDiff('acme/widgets', pr.number), 'diff --git a/x b/x\n+model: local\n')
})
