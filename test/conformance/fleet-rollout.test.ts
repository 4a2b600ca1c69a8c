/**
 * A fleet rollout on one PostgreSQL (`store.url`): three real hosts in one process, each with its own
 * TIMMY_HOME and HERMES_HOME, share the queue and the `fleet_rollouts` tables. A rollout started on
 * one host converges all three, one at a time, each with its own inventory values; a host whose
 * pre-flight fails stops the next rollout, the hosts after it untouched; `timmy status` shows each
 * host's step and the host that drifted from the last successful rollout. Skipped without PostgreSQL.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import type { FleetSection } from '../../plugins/status/fleet-section.js'
import { deployedProviders, expectedProviders, FLEET_HOSTS, fleetRepoFiles } from '../deploy/_fleet.js'
import { treeDigest } from '../deploy/_overlay.js'
import { waitFor } from '../gitea/serve-helpers.js'
import { runCli } from '../helpers/cli.js'
import { configRepo } from '../helpers/git-daemon.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'
import { tempDir } from '../helpers/temp.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))
const skip = 'skip' in server ? server.skip : false

test('a rollout converges three hosts one at a time; a failing host stops the next one, the rest untouched', {
  skip,
  timeout: 600_000,
}, async (t) => {
  if ('skip' in server) return
  const repo = await configRepo(t, tempDir(t))
  const sha1 = repo.commit(fleetRepoFiles(FLEET_HOSTS), 'fleet v1')
  const boot = async (id: string) => {
    const { host, box } = await testHost(t, {
      builtins: true,
      config: {
        store: { url: server.url },
        pluginOptions: {
          hosts: { id },
          queue: { concurrency: 1, pollIntervalMs: 20 },
          deploy: { webhook: { remote: repo.url } },
        },
      },
    })
    await host.service('hosts')!.register()
    await host.service('queue')!.start({ scheduler: false })
    return { id, host, box, fleet: host.service('deploy.fleet')! }
  }
  const hosts = [await boot('host-a'), await boot('host-b'), await boot('host-c')]
  const [a, b, c] = hosts as [(typeof hosts)[0], (typeof hosts)[0], (typeof hosts)[0]]
  const beatAll = () => Promise.all(hosts.map((h) => h.host.service('hosts')!.beat()))
  const finished = async (id: number) => {
    // a wait, not a timing claim: the conformance files run two at a time beside three serve processes
    await waitFor(
      async () => (await a.fleet.get(id))?.state !== 'running',
      `rollout ${id} to finish`,
      240_000,
    )
    return (await a.fleet.get(id))!
  }

  // Started on host-c (any host may record it); host-a's worker is the one that deploys host-a.
  const r1 = await c.fleet.start(sha1)
  assert.deepEqual(
    r1.hosts.map((h) => h.host),
    ['host-a', 'host-b', 'host-c'],
    'inventory order',
  )
  const done1 = await finished(r1.id)
  assert.equal(done1.state, 'done', JSON.stringify(done1.hosts))
  assert.deepEqual(
    done1.hosts.map((h) => [h.host, h.state, h.generation]),
    [
      ['host-a', 'done', 1],
      ['host-b', 'done', 1],
      ['host-c', 'done', 1],
    ],
  )
  // One at a time: each host started after the one before it finished.
  for (let i = 1; i < 3; i++)
    assert.ok(done1.hosts[i]!.startedAt! >= done1.hosts[i - 1]!.finishedAt!, 'serial: 1')
  for (const h of hosts) {
    const entry = FLEET_HOSTS[h.id]!
    assert.deepEqual(deployedProviders(h.box.hermes), expectedProviders(entry), `${h.id}'s own chain`)
    assert.match(
      readFileSync(join(h.box.hermes, 'SOUL.md'), 'utf8'),
      new RegExp(`You are ${entry.wizard}, the ${entry.role} on ${h.id}`),
    )
    assert.equal(h.host.service('deploy')!.generations().at(-1)?.commit, sha1)
  }

  // Commit 2: a new soul for everyone, and host-b's chain gains its banned provider.
  const v2 = structuredClone(FLEET_HOSTS)
  v2['host-b']!.providers.push({ name: 'badcloud', model: 'fast-1' })
  const sha2 = repo.commit(fleetRepoFiles(v2, '# {{ wizard_name }} v2\n'), 'fleet v2')
  const beforeB = treeDigest(b.box.hermes)
  const beforeC = treeDigest(c.box.hermes)
  const r2 = await a.fleet.start(sha2)
  const done2 = await finished(r2.id)
  assert.equal(done2.state, 'failed')
  assert.deepEqual(
    done2.hosts.map((h) => [h.host, h.state]),
    [
      ['host-a', 'done'],
      ['host-b', 'failed'],
      ['host-c', 'skipped'],
    ],
  )
  assert.equal(done2.hosts[1]!.error?.code, 'TIMMY_ERR_FLEET_BANNED_PROVIDER')
  assert.equal(readFileSync(join(a.box.hermes, 'SOUL.md'), 'utf8'), '# ezra v2\n', 'host-a took commit 2')
  assert.equal(treeDigest(b.box.hermes), beforeB, 'the failing host wrote nothing')
  assert.equal(treeDigest(c.box.hermes), beforeC, 'the host after it is untouched')
  assert.equal(c.host.service('deploy')!.generations().at(-1)?.commit, sha1)

  // timmy status (a CLI process on host-b's config): the failed rollout per host, and host-a's drift
  // from the last successful rollout (it is on generation 2, rollout 1 left it on 1).
  await beatAll()
  const st = await runCli(['status', '--json', '--no-gitea'], { cwd: b.box.cwd, env: b.box.env })
  assert.equal(st.code, 0, st.stderr)
  const fleet = (JSON.parse(st.stdout) as { fleet: FleetSection }).fleet
  assert.equal(fleet.backend, 'postgres')
  assert.equal(fleet.current?.id, r2.id)
  assert.deepEqual(
    fleet.current?.hosts.map((h) => h.state),
    ['done', 'failed', 'skipped'],
  )
  assert.equal(fleet.lastSuccessful?.id, r1.id)
  assert.deepEqual(
    fleet.drift.map((d) => [d.host, d.expected, d.live]),
    [['host-a', 1, 2]],
  )
  const text = await runCli(['status', '--no-gitea'], { cwd: b.box.cwd, env: b.box.env })
  assert.match(text.stdout, /drift: host-a is on generation 2, rollout left 1/)
})
