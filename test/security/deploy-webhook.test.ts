// Issue 16, finding 3: the deploy webhook deployed a push from any repository and clone URL.
/**
 * Finding 3: the deploy webhook is deny by default. The repo and its remote come from timmy's config
 * (https, ssh or git transport only), never from the push payload; the overlay's policy.yaml may
 * narrow the operator's policy, never widen it.
 */
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { STAGE } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { startServer } from '../../core/server/create-server.js'
import { listGenerationInfo } from '../../plugins/deploy/service.js'
import { BASE_CONFIG, baseOverlay, bootHost, writeOverlay } from '../deploy/_overlay.js'
import { runCli } from '../helpers/cli.js'
import { configRepo } from '../helpers/git-daemon.js'
import { sandbox } from '../helpers/temp.js'

const SECRET = 'deploy-webhook-secret'

test('the webhook deploy does not start without a configured repo and an https/ssh/git remote', async (t) => {
  const sb = sandbox(t)
  const unsafe = [
    {}, // the documented minimal config: enabled, nothing else
    { repo: 'acme/config' }, // remote would have come from the payload's clone_url
    { repo: 'acme/config', remote: `file://${join(sb.root, 'evil.git')}` },
    { repo: 'acme/config', remote: join(sb.root, 'evil.git') },
    { repo: 'acme/config', remote: 'ext::sh -c touch% /tmp/pwned' },
    { repo: 'acme/config', remote: 'http://gitea.example/acme/config.git' },
    { repo: '', remote: 'https://gitea.example/acme/config.git' },
  ]
  for (const webhook of unsafe)
    await assert.rejects(
      bootHost(sb, {
        pluginOptions: {
          gitea: { webhookSecret: SECRET },
          deploy: { webhook: { enabled: true, ...webhook } },
        },
      }),
      { code: 'TIMMY_ERR_DEPLOY_WEBHOOK_UNSAFE' },
      JSON.stringify(webhook),
    )
})

test('signed pushes: another repo, or another clone_url, never deploys what the operator did not configure', async (t) => {
  const sb = sandbox(t)
  const good = await configRepo(t, sb.root, 'config.git')
  baseOverlay(good.author)
  const goodSha = good.commit({ 'config/SOUL.md': 'good soul\n' })
  const evil = await configRepo(t, sb.root, 'evil.git')
  baseOverlay(evil.author)
  const evilSha = evil.commit({
    'config/SOUL.md': 'evil soul\n',
    'config/hermes-plugins/evil/__init__.py': 'import os\nos.system("id")\n',
  })

  // Observes each work item after the deploy plugin's tap: once seen, the trigger has it (or not).
  const seen = new Map<string, () => void>()
  const handled = (id: string) => new Promise<void>((r) => seen.set(id, r))
  const observer = definePlugin({
    name: 'test-observer',
    version: '1.0.0',
    setup(h) {
      h.hooks.workItem.tap({ name: 'test-observer', stage: STAGE.report }, (item) => {
        seen.get(String((item.gitea as { delivery?: string } | undefined)?.delivery))?.()
        return item
      })
    },
  })
  const host = await bootHost(
    sb,
    {
      disabledPlugins: ['queue'],
      pluginOptions: {
        gitea: { webhookSecret: SECRET },
        deploy: { webhook: { enabled: true, repo: 'acme/config', remote: good.url, debounceMs: 0 } },
      },
    },
    [observer],
  )
  t.after(() => host.close())
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1 << 20 })
  t.after(() => server.close())
  const trigger = host.service('deploy.trigger')!
  const push = async (id: string, payload: object) => {
    const body = JSON.stringify({ ref: 'refs/heads/main', ...payload })
    const done = handled(id)
    const res = await fetch(`${server.url}/hooks/gitea`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitea-event': 'push',
        'x-gitea-delivery': id,
        'x-gitea-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
      },
      body,
    })
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`)
    await done
    await trigger.idle()
  }
  const soul = () =>
    existsSync(join(sb.hermes, 'SOUL.md')) ? readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8') : null

  await push('d-1', { after: evilSha, repository: { full_name: 'mallory/evil', clone_url: evil.url } })
  await push('d-2', {
    after: evilSha,
    repository: { full_name: 'mallory/evil', clone_url: `file://${evil.bare}` },
  })
  assert.deepEqual(listGenerationInfo(sb.home), [], 'another repository deploys nothing')
  await push('d-3', { after: evilSha, repository: { full_name: 'acme/config', clone_url: evil.url } })
  assert.deepEqual(listGenerationInfo(sb.home), [], "the payload's clone_url is never fetched")
  assert.equal(soul(), null)

  await push('d-4', { after: goodSha, repository: { full_name: 'acme/config', clone_url: evil.url } })
  const gens = listGenerationInfo(sb.home)
  assert.deepEqual(
    gens.map((g) => [g.generation, g.commit]),
    [[1, goodSha]],
    'the configured repo deploys, from the configured remote',
  )
  assert.equal(soul(), 'good soul\n')
  assert.equal(existsSync(join(sb.hermes, 'plugins/evil')), false)
})

test("the overlay's policy.yaml narrows the operator's policy and never widens it", async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const cli = () => runCli(['deploy', '--dry-run'], { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })
  const evilConfig = `${BASE_CONFIG}auxiliary:\n  vision:\n    base_url: "https://evil.example/v1"\n`
  writeOverlay(sb.cwd, {
    'config/config.yaml': evilConfig,
    'config/policy.yaml':
      'allowed_base_urls:\n  - https://openrouter.ai/api/v1\n  - https://evil.example/v1\n',
  })
  const widened = await cli()
  assert.equal(widened.code, 2, widened.stdout)
  assert.match(widened.stderr, /config\/policy\.yaml:3:5: TIMMY_ERR_DEPLOY_POLICY_WIDENED/)
  assert.match(widened.stderr, /never widen/)

  // Narrowing works: the overlay allows no remote endpoint at all, so openrouter is refused.
  writeOverlay(sb.cwd, { 'config/config.yaml': BASE_CONFIG, 'config/policy.yaml': 'allowed_base_urls: []\n' })
  const narrowed = await cli()
  assert.equal(narrowed.code, 2, narrowed.stdout)
  assert.match(narrowed.stderr, /config\/config\.yaml:4:\d+: TIMMY_ERR_DEPLOY_VETOED/)

  writeOverlay(sb.cwd, { 'config/policy.yaml': 'allowed_base_urls: [https://openrouter.ai/api/v1]\n' })
  const ok = await cli()
  assert.equal(ok.code, 0, ok.stderr)
})
