/**
 * The fake Gitea renders objects with the same fields as Gitea: its Issue, PullRequest, Repository,
 * User, Comment and Label carry every field of the matching objects in the reference webhook examples
 * (which follow Gitea's structs), and no field those lack.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { startFakeGitea } from '../test/gitea/fake-gitea.js'

const dir = new URL('../../shared/reference/gitea/webhooks/', import.meta.url)
const example = (name: string) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'))

test('the fake renders every field Gitea sends, and no other', async (t) => {
  const fake = await startFakeGitea()
  t.after(() => fake.close())
  const repo = fake.addRepo('acme/widgets')
  const issue = fake.addIssue('acme/widgets', { labels: ['bug'] })
  const pr = fake.addPull('acme/widgets', { head: 'x' })
  repo.comments.push({ id: 1, issue: issue.number, body: 'b', user: 'acme', createdAt: 0 })
  const s = fake.state
  const pairs: [string, object, object][] = [
    ['Issue', example('issues').issue, s.issueJson(repo, issue)],
    ['PullRequest', example('pull_request').pull_request, s.pullJson(repo, pr)],
    ['Repository', example('issues').repository, s.repoJson(repo)],
    ['User', example('issues').sender, s.userJson('acme')],
    ['Comment', example('issue_comment').comment, s.commentJson(repo, repo.comments[0]!)],
    ['Label', example('issues').issue.labels[0], s.labelJson(repo, repo.labels[0]!)],
  ]
  for (const [name, want, got] of pairs)
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${name} fields`)
})
