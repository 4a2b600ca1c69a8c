import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { WorkItem } from '../../core/hooks.js'
import { createDeployTrigger } from '../../plugins/deploy/deploy-trigger.js'
import { listGenerationInfo } from '../../plugins/deploy/service.js'
import { startFakeGitea } from '../gitea/fake-gitea.js'
import { commitStatuses } from '../gitea/fake-gitea-create-routes.js'
import { configRepo } from '../helpers/git-daemon.js'
import { sandbox } from '../helpers/temp.js'
import { baseOverlay, bootHost } from './_overlay.js'

function pushItem(sha: string, ref = 'refs/heads/main', repo = 'acme/config'): WorkItem {
  return {
    id: `push-${sha}`,
    source: 'gitea',
    event: 'push',
    repo,
    payload: { ref, after: sha, repository: { full_name: repo, clone_url: 'unused' } },
    receivedAt: new Date().toISOString(),
  }
}

test('five pushes in a burst deploy the newest commit once; other branches and repos do nothing', async (t) => {
  const sb = sandbox(t)
  const repo = await configRepo(t, sb.root)
  baseOverlay(repo.author)
  const shas: string[] = []
  for (let i = 1; i <= 5; i++) shas.push(repo.commit({ 'config/SOUL.md': `soul ${i}\n` }, `soul ${i}`))
  const gitea = await startFakeGitea()
  t.after(() => gitea.close())
  gitea.addRepo('acme/config')
  const host = await bootHost(sb, {
    pluginOptions: {
      gitea: { url: gitea.url, token: gitea.token },
      deploy: {
        webhook: { enabled: true, repo: 'acme/config', branch: 'main', remote: repo.url, debounceMs: 400 },
      },
    },
  })
  t.after(() => host.close())
  const trigger = host.service('deploy.trigger')!
  await host.hooks.workItem.promise(pushItem(shas[0]!, 'refs/heads/feature'))
  await host.hooks.workItem.promise(pushItem(shas[0]!, 'refs/heads/main', 'acme/other'))
  for (const sha of shas) await host.hooks.workItem.promise(pushItem(sha))
  await trigger.idle()
  const gens = listGenerationInfo(sb.home)
  assert.equal(gens.length, 1, 'one deploy')
  assert.equal(gens[0]!.commit, shas[4], 'of the newest commit')
  assert.equal(readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8'), 'soul 5\n')
  // The real gitea service set one commit status on the deployed commit, none on the others.
  assert.deepEqual(
    commitStatuses(gitea, 'acme/config', shas[4]!).map((s) => [s.state, s.context, s.description]),
    [['success', 'timmy/deploy', 'generation 1 (applied)']],
  )
  for (const sha of shas.slice(0, 4)) assert.deepEqual(commitStatuses(gitea, 'acme/config', sha), [])
})

test('pushes during a running deploy wait, then deploy once, newest first', async () => {
  const started: string[] = []
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  const trigger = createDeployTrigger({
    debounceMs: 0,
    run: async (e) => {
      started.push(e.commit)
      if (started.length === 1) await gate
    },
  })
  trigger.push({ commit: 'a' })
  await new Promise((r) => setTimeout(r, 20))
  assert.deepEqual(started, ['a'])
  trigger.push({ commit: 'b' })
  trigger.push({ commit: 'c' })
  assert.deepEqual(started, ['a'], 'never two deploys at once')
  release()
  await trigger.idle()
  assert.deepEqual(started, ['a', 'c'])
})

test('a failed webhook deploy leaves the live generation in place', async (t) => {
  const sb = sandbox(t)
  const host = await bootHost(sb, {
    pluginOptions: {
      deploy: {
        webhook: {
          enabled: true,
          repo: 'acme/config',
          remote: 'git://127.0.0.1:1/missing.git',
          debounceMs: 0,
        },
      },
    },
  })
  t.after(() => host.close())
  await host.hooks.workItem.promise(pushItem('0123456789abcdef0123456789abcdef01234567'))
  await host.service('deploy.trigger')!.idle()
  assert.deepEqual(listGenerationInfo(sb.home), [])
})

test('through the signed receiver: a push with a bad signature deploys nothing; a well-signed one deploys', async (t) => {
  const { createHmac } = await import('node:crypto')
  const { startServer } = await import('../../core/server/create-server.js')
  const sb = sandbox(t)
  const repo = await configRepo(t, sb.root)
  baseOverlay(repo.author)
  const sha = repo.commit({}, 'overlay')
  const secret = 'deploy-webhook-secret'
  const host = await bootHost(sb, {
    disabledPlugins: ['queue'],
    pluginOptions: {
      gitea: { webhookSecret: secret },
      deploy: {
        webhook: { enabled: true, repo: 'acme/config', branch: 'main', remote: repo.url, debounceMs: 50 },
      },
    },
  })
  t.after(() => host.close())
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1 << 20 })
  t.after(() => server.close())
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    after: sha,
    repository: { full_name: 'acme/config', clone_url: repo.url },
  })
  const post = (sig: string, id: string) =>
    fetch(`${server.url}/hooks/gitea`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitea-event': 'push',
        'x-gitea-delivery': id,
        'x-gitea-signature': sig,
      },
      body,
    })
  const wrong = createHmac('sha256', 'not-the-secret').update(body).digest('hex')
  assert.equal((await post(wrong, 'd-1')).status, 401)
  const trigger = host.service('deploy.trigger')!
  await trigger.idle()
  assert.equal(listGenerationInfo(sb.home).length, 0, 'a bad signature deploys nothing')
  const right = createHmac('sha256', secret).update(body).digest('hex')
  const ok = await post(right, 'd-2')
  assert.ok(ok.status >= 200 && ok.status < 300, `status ${ok.status}`)
  for (let i = 0; i < 100 && listGenerationInfo(sb.home).length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100))
    await trigger.idle()
  }
  assert.equal(listGenerationInfo(sb.home).length, 1, 'the signed push deployed')
})
