// Issue 16 follow-up: every unauthenticated GET of the status page called Gitea with timmy's token, uncached.
/**
 * `/` and `/status.json` need no secret (read-only, loopback), but each GET asked Gitea for the Gitea
 * section (two searches plus two calls per open pull request, up to ~43) with timmy's token: anyone on
 * the machine could make timmy hammer Gitea. The section is now cached for `pluginOptions.status
 * .giteaTtlMs` (60 s) and refreshed by at most one request at a time.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startServer } from '../../core/server/create-server.js'
import { type FakeGitea, startFakeGitea } from '../gitea/fake-gitea.js'
import { testHost } from '../helpers/host.js'

async function serveWithGitea(
  t: { after(fn: () => unknown): void },
  gitea: FakeGitea,
  status: Record<string, unknown> = {},
): Promise<string> {
  const { host } = await testHost(t, {
    builtins: true,
    dropIns: false,
    config: { pluginOptions: { gitea: { url: gitea.url, token: gitea.token }, status } },
  })
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 })
  t.after(() => server.close())
  return server.url
}

async function fakeGitea(t: { after(fn: () => unknown): void }): Promise<FakeGitea> {
  const gitea = await startFakeGitea()
  t.after(() => gitea.close())
  gitea.addRepo('acme/widgets')
  gitea.addIssue('acme/widgets', { title: 'one' })
  gitea.addIssue('acme/widgets', { title: 'two' })
  return gitea
}

test('20 GETs of the status page make at most one round of Gitea calls', async (t) => {
  const gitea = await fakeGitea(t)
  const url = await serveWithGitea(t, gitea)
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`)
    assert.equal(res.status, 200)
    return res.text()
  }
  // Ten at once: one refresh, the others wait for it.
  const first = await Promise.all(Array.from({ length: 10 }, (_, i) => get(i % 2 ? '/' : '/status.json')))
  const round = gitea.counts.requests
  assert.ok(round > 0, 'the Gitea section was gathered')
  const seen = gitea.requests.map((r) => `${r.method} ${r.path}?${r.query}`)
  assert.equal(new Set(seen).size, seen.length, `one round, no call twice: ${JSON.stringify(seen)}`)
  for (let i = 0; i < 10; i++) await get(i % 2 ? '/' : '/status.json')
  assert.equal(gitea.counts.requests, round, 'the next ten GETs within the TTL asked Gitea nothing')
  const snap = JSON.parse(first[0]!) as { gitea?: { openIssuesByLane?: Record<string, number> } }
  assert.equal(snap.gitea?.openIssuesByLane?.['(unassigned)'], 2, 'the cached section holds real figures')
})

test('pluginOptions.status.giteaTtlMs: 0 (and snapshotTtlMs: 0) asks Gitea on every GET', async (t) => {
  const gitea = await fakeGitea(t)
  const url = await serveWithGitea(t, gitea, { giteaTtlMs: 0, snapshotTtlMs: 0 })
  await (await fetch(`${url}/status.json`)).text()
  const round = gitea.counts.requests
  await (await fetch(`${url}/status.json`)).text()
  assert.equal(gitea.counts.requests, 2 * round)
})
