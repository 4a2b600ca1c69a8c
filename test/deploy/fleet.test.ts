/**
 * Fleet rollouts on one host (SQLite, no store.url): a verified push of a commit with
 * config/inventory.yaml starts a rollout; the host's worker runs its step and deploys the overlay
 * rendered with its inventory values; the banned-provider pre-flight fails a host before anything
 * is written; `timmy validate` and `timmy fleet` see the inventory and the rollout.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { isTimmyError } from '../../core/errors.js'
import type { WorkItem } from '../../core/hooks.js'
import type { FleetStatus } from '../../plugins/deploy/fleet/types.js'
import { waitFor } from '../gitea/serve-helpers.js'
import { runCli } from '../helpers/cli.js'
import { configRepo } from '../helpers/git-daemon.js'
import { testHost } from '../helpers/host.js'
import { deployedProviders, expectedProviders, FLEET_HOSTS, fleetRepoFiles, inventoryYaml } from './_fleet.js'
import { treeDigest } from './_overlay.js'

const solo = { solo: FLEET_HOSTS['host-a']! }

function pushItem(sha: string): WorkItem {
  return {
    id: `push-${sha}`,
    source: 'gitea',
    event: 'push',
    repo: 'acme/config',
    payload: { ref: 'refs/heads/main', after: sha, repository: { full_name: 'acme/config' } },
    receivedAt: new Date().toISOString(),
  }
}

async function soloHost(t: { after(fn: () => unknown): void }, remote: string) {
  const { host, box } = await testHost(t, {
    builtins: true,
    config: {
      pluginOptions: {
        hosts: { id: 'solo' },
        queue: { concurrency: 1, pollIntervalMs: 20 },
        deploy: { webhook: { enabled: true, repo: 'acme/config', remote, debounceMs: 0 } },
      },
    },
  })
  await host.service('queue')!.start({ scheduler: false })
  return { host, box, fleet: host.service('deploy.fleet')! }
}

test('a push with an inventory rolls out to the one host, with its own provider chain and wizard', async (t) => {
  const { tempDir } = await import('../helpers/temp.js')
  const repo = await configRepo(t, tempDir(t))
  const sha = repo.commit(fleetRepoFiles(solo), 'fleet')
  const { host, box, fleet } = await soloHost(t, repo.url)
  await host.hooks.workItem.promise(pushItem(sha))
  await host.service('deploy.trigger')!.idle()
  const [rollout] = await fleet.list()
  assert.ok(rollout, 'the push recorded a rollout')
  assert.equal(rollout.commit, sha)
  await waitFor(
    async () => (await fleet.get(rollout.id))?.state !== 'running',
    'the rollout to finish',
    30_000,
  )
  const done = (await fleet.get(rollout.id))!
  assert.deepEqual(
    done.hosts.map((h) => [h.host, h.state, h.generation]),
    [['solo', 'done', 1]],
    JSON.stringify(done.hosts),
  )
  assert.equal(done.state, 'done')
  assert.deepEqual(deployedProviders(box.hermes), expectedProviders(solo.solo))
  assert.equal(
    readFileSync(join(box.hermes, 'SOUL.md'), 'utf8'),
    '# ezra\n\nYou are ezra, the coordinator on solo.\n',
  )
  assert.equal(host.service('deploy')!.generations().at(-1)?.commit, sha)

  const r = await runCli(['fleet', 'status', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
  const s = JSON.parse(r.stdout) as FleetStatus
  assert.equal(s.backend, 'sqlite')
  assert.equal(s.current?.id, rollout.id)
  assert.equal(s.lastSuccessful?.id, rollout.id)
  assert.deepEqual(s.drift, [])
  const st = await runCli(['status', '--json', '--no-gitea'], { cwd: box.cwd, env: box.env })
  assert.equal(st.code, 0, st.stderr)
  const snap = JSON.parse(st.stdout) as { fleet: { current: { hosts: { host: string; state: string }[] } } }
  assert.deepEqual(
    snap.fleet.current.hosts.map((h) => [h.host, h.state]),
    [['solo', 'done']],
  )
})

test('the banned-provider pre-flight fails the host with a coded error at the inventory line; nothing is written', async (t) => {
  const { tempDir } = await import('../helpers/temp.js')
  const repo = await configRepo(t, tempDir(t))
  const bad = { solo: { ...FLEET_HOSTS['host-a']!, banned: ['badcloud'] } }
  bad.solo.providers = [...bad.solo.providers, { name: 'badcloud-eu', model: 'm1' }]
  const sha = repo.commit(fleetRepoFiles(bad), 'banned')
  const { box, fleet } = await soloHost(t, repo.url)
  const before = treeDigest(box.hermes)
  await assert.rejects(fleet.deployHost(sha), (err) => {
    assert.ok(isTimmyError(err, 'TIMMY_ERR_FLEET_BANNED_PROVIDER'), String(err))
    assert.equal(err.loc?.file.endsWith('config/inventory.yaml'), true, err.loc?.file)
    assert.equal(err.loc?.line, inventoryYaml(bad).split('\n').indexOf('      - name: badcloud-eu') + 1)
    return true
  })
  assert.equal(treeDigest(box.hermes), before, 'HERMES_HOME untouched')
  // Through the queue: the rollout fails on its only host.
  const r = await fleet.start(sha)
  await waitFor(async () => (await fleet.get(r.id))?.state !== 'running', 'the rollout to stop', 30_000)
  const done = (await fleet.get(r.id))!
  assert.equal(done.state, 'failed')
  assert.equal(done.hosts[0]!.error?.code, 'TIMMY_ERR_FLEET_BANNED_PROVIDER')
  assert.equal(treeDigest(box.hermes), before, 'HERMES_HOME still untouched')
})

test('timmy validate checks config/inventory.yaml with file:line:col', async (t) => {
  const { sandbox } = await import('../helpers/temp.js')
  const { writeOverlay } = await import('./_overlay.js')
  const box = sandbox(t)
  writeOverlay(box.cwd, {
    'timmy.config.json': '{}\n',
    'config/inventory.yaml':
      'hosts:\n  web-1:\n    wizzard: ezra\n    role: builder\n    providers: [{ name: nous, model: m }]\n',
  })
  const r = await runCli(['validate', 'config/inventory.yaml'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stdout + r.stderr)
  assert.match(r.stderr, /config\/inventory\.yaml:3:5/)
  assert.match(r.stderr, /wizzard/)
})
