import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../core/config/load-config.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { sandbox } from '../helpers/temp.js'
import { fakeGitea } from './helpers.js'

const R = 'acme/widgets'

async function bootHost(t: { after(fn: () => unknown): void }, gitea: Record<string, unknown>) {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify({ pluginOptions: { gitea } }))
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  const host = await createHost({ loaded, log: silentLogger, dropIns: false })
  t.after(() => host.close('test'))
  return { host, box }
}

test('the gitea plugin registers a handler for every Gitea effect kind and provides the service', async (t) => {
  const { host } = await bootHost(t, { url: 'http://127.0.0.1:9', token: 'x' })
  for (const kind of [
    'gitea.label',
    'gitea.unlabel',
    'gitea.comment',
    'gitea.assign',
    'gitea.close',
    'gitea.pr.create',
    'gitea.pr.merge',
  ])
    assert.equal(host.effects.get(kind)?.plugin, 'gitea', kind)
  const service = host.service('gitea')!
  assert.equal(typeof service.client, 'function')
  assert.equal(service.tokenSource(), 'config')
})

test('effects applied through the handlers change the fake Gitea', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R, { branches: ['fix/1'] })
  fake.addUser('alice')
  const issue = fake.addIssue(R)
  const pr = fake.addPull(R, { head: 'ready' })
  const { host } = await bootHost(t, { url: fake.url, token: fake.token, writesPerMinute: 0 })
  const apply = (effect: { kind: string; [k: string]: unknown }) =>
    host.effects.get(effect.kind)!.handler(effect, { dryRun: false })
  assert.deepEqual(
    await apply({ kind: 'gitea.label', repo: R, issue: issue.number, labels: ['bug'], create: true }),
    {
      repo: R,
      issue: issue.number,
      labels: ['bug'],
    },
  )
  await apply({ kind: 'gitea.comment', repo: R, issue: issue.number, body: 'On it.' })
  await apply({ kind: 'gitea.assign', repo: R, issue: issue.number, assignees: ['alice'] })
  await apply({ kind: 'gitea.close', repo: R, issue: issue.number })
  const created = (await apply({
    kind: 'gitea.pr.create',
    repo: R,
    head: 'fix/1',
    base: 'main',
    title: 'Fix 1',
  })) as {
    pr: number
  }
  await apply({ kind: 'gitea.pr.merge', repo: R, issue: pr.number, do: 'squash' })
  const r = fake.state.repo(R)!
  assert.equal(r.comments[0]!.body, 'On it.')
  assert.deepEqual(issue.assignees, ['alice'])
  assert.equal(issue.state, 'closed')
  assert.equal(r.labels.find((l) => l.name === 'bug')?.id, issue.labels[0])
  assert.ok(r.issues.find((i) => i.number === created.pr)?.pull)
  assert.equal(pr.pull!.merged, true)
  await assert.rejects(
    Promise.resolve(apply({ kind: 'gitea.comment', repo: 'nope', issue: 1, body: 'x' })),
    (e) => (e as { code?: string }).code === 'TIMMY_ERR_GITEA_BAD_EFFECT',
  )
})

test('gitea.label creates missing labels with their given colours and gitea.unlabel removes them', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addLabel(R, 'stale', '00ff00')
  const issue = fake.addIssue(R, { labels: ['stale'] })
  const { host } = await bootHost(t, { url: fake.url, token: fake.token, writesPerMinute: 0 })
  const apply = (effect: { kind: string; [k: string]: unknown }) =>
    host.effects.get(effect.kind)!.handler(effect, { dryRun: false })
  await apply({
    kind: 'gitea.label',
    repo: R,
    issue: issue.number,
    labels: ['kind/bug', 'priority/high'],
    colors: { 'kind/bug': 'd73a4a', 'priority/high': '#b60205' },
  })
  const r = fake.state.repo(R)!
  const color = (name: string) => r.labels.find((l) => l.name === name)?.color
  assert.equal(color('kind/bug'), 'd73a4a')
  assert.equal(color('priority/high'), 'b60205')
  const names = () => issue.labels.map((id) => r.labels.find((l) => l.id === id)!.name).sort()
  assert.deepEqual(names(), ['kind/bug', 'priority/high', 'stale'])
  assert.deepEqual(
    await apply({ kind: 'gitea.unlabel', repo: R, issue: issue.number, labels: ['stale', 'absent'] }),
    {
      repo: R,
      issue: issue.number,
      removed: ['stale'],
    },
  )
  assert.deepEqual(names(), ['kind/bug', 'priority/high'])
  assert.ok(fake.requests.some((q) => q.method === 'DELETE' && q.status === 204))
})

test('without a URL the service says how to configure one', async (t) => {
  const { host } = await bootHost(t, { token: 'x' })
  const service = host.service('gitea')!
  const saved = process.env.GITEA_URL
  delete process.env.GITEA_URL
  t.after(() => {
    if (saved !== undefined) process.env.GITEA_URL = saved
  })
  assert.throws(
    () => service.client(),
    (e: Error & { code?: string }) => e.code === 'TIMMY_ERR_GITEA_NO_URL',
  )
})
