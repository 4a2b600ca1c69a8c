/**
 * The hosts plugin on SQLite, booted with every built-in: `timmy serve` registers its host and beats,
 * `/metrics` and `timmy status --json` show it, a restart keeps its id and close marks it stopped; a
 * host that stops beating turns silent and raises exactly one alert (a Gitea issue on the fake Gitea).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { test } from 'node:test'
import { timmyVersion } from '../../core/version.js'
import type { StatusSnapshot } from '../../plugins/status/types.js'
import { startFakeGitea } from '../gitea/fake-gitea.js'
import { serveWith, waitFor } from '../gitea/serve-helpers.js'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.js'
import { sandbox } from '../helpers/temp.js'

test('timmy serve registers its host and beats; /metrics and timmy status show it; close marks it stopped', async (t) => {
  const box = sandbox(t)
  const config = {
    pluginOptions: {
      hosts: { beatSeconds: 1 },
      queue: { concurrency: 0, scheduler: false },
      deadman: { wizards: { ezra: { restart: ['true'] } } },
    },
  }
  const served = await serveWith(box, config)
  let closed = false
  t.after(() => (closed ? undefined : served.close()))
  const hosts = served.host.service('hosts')!
  const id = `${hostname()}-${createHash('sha256').update(box.home).digest('hex').slice(0, 8)}`
  assert.equal(hosts.id, id, 'the default id is the hostname and a hash of TIMMY_HOME')
  assert.equal(await hosts.backend(), 'sqlite')
  assert.ok(served.host.tasks.has('hosts.check'), 'the check is a queue task (timmy tasks shows it)')

  const [row] = await hosts.list()
  assert.equal(row?.id, id)
  assert.equal(row.state, 'live')
  assert.equal(row.self, true)
  assert.equal(row.version, timmyVersion())
  assert.equal(row.generation, null, 'nothing deployed yet')
  assert.deepEqual(
    row.wizards.map((w) => w.wizard),
    ['ezra'],
  )
  await waitFor(async () => (await hosts.list())[0]!.beatAt > row.startedAt, 'a beat after registration')

  const res = await fetch(`${served.url}/metrics`)
  const m = parsePrometheusText(await res.text())
  assert.equal(sampleValue(m, 'timmy_hosts', { state: 'live' }), 1)
  assert.equal(sampleValue(m, 'timmy_hosts', { state: 'silent' }), 0)
  assert.equal(sampleValue(m, 'timmy_hosts', { state: 'stopped' }), 0)
  assert.equal(typeof sampleValue(m, 'timmy_host_beat_age_seconds', { host: id }), 'number')

  const json = await runCli(['status', '--json', '--no-gitea'], { cwd: box.cwd, env: box.env })
  assert.equal(json.code, 0, json.stderr)
  const snap = JSON.parse(json.stdout) as StatusSnapshot
  assert.ok(snap.hosts && snap.hosts.error === undefined, JSON.stringify(snap.hosts))
  assert.deepEqual(
    snap.hosts.hosts.map((h) => [h.id, h.state, h.version]),
    [[id, 'live', timmyVersion()]],
  )
  assert.equal(snap.hosts.live, 1)
  const text = await runCli(['status', '--no-gitea'], { cwd: box.cwd, env: box.env })
  assert.match(text.stdout, /── hosts/)
  assert.match(text.stdout, new RegExp(`${id}\\*?\\s+LIVE`))

  await served.close()
  closed = true
  const { host: again } = await testHost(t, { box, builtins: true, config })
  const after = again.service('hosts')!
  assert.equal(after.id, id, 'the id is stable across restarts')
  assert.deepEqual(
    (await after.list()).map((h) => [h.id, h.state]),
    [[id, 'stopped']],
  )
})

test('a host that stops beating turns silent and raises exactly one alert; a beat clears it', async (t) => {
  const gitea = await startFakeGitea()
  t.after(() => gitea.close())
  gitea.addRepo('ops/fleet')
  const { host } = await testHost(t, {
    builtins: true,
    config: {
      pluginOptions: {
        gitea: { url: gitea.url, token: gitea.token, retry: { attempts: 1 } },
        // the hosts plugin alerts where deadman does when it has no `alert` of its own
        deadman: { alert: { repo: 'ops/fleet' } },
        hosts: { id: 'web-1', beatSeconds: 30 },
      },
    },
  })
  const hosts = host.service('hosts')!
  const t0 = Date.now()
  await hosts.register(t0)
  assert.deepEqual(await hosts.check(t0 + 60_000), [], 'within 3 beats: live, no alert')
  assert.equal((await hosts.list(t0 + 60_000))[0]!.state, 'live')

  const [alert, ...more] = await hosts.check(t0 + 91_000)
  assert.equal(more.length, 0)
  assert.equal(alert?.host, 'web-1')
  assert.equal(alert.code, 'TIMMY_ERR_HOSTS_SILENT')
  assert.equal(alert.delivered, 'gitea.issue')
  assert.equal((await hosts.list(t0 + 91_000))[0]!.state, 'silent')
  assert.deepEqual(await hosts.check(t0 + 200_000), [], 'one alert per silence')
  const repo = gitea.state.repo('ops/fleet')!
  assert.equal(repo.issues.length, 1)
  assert.match(repo.issues[0]!.title, /web-1 is silent/)
  assert.match(repo.issues[0]!.body, /TIMMY_ERR_HOSTS_SILENT/)

  const back = await hosts.beat(t0 + 300_000)
  assert.equal(back.state, 'live')
  assert.equal(back.alertedAt, null, 'the beat cleared the alert')
  assert.deepEqual(await hosts.check(t0 + 301_000), [])
  assert.equal((await hosts.check(t0 + 400_000)).length, 1, 'a new silence alerts again')
  assert.equal(repo.issues.length, 2)

  await hosts.stop(t0 + 500_000)
  assert.equal((await hosts.list(t0 + 900_000))[0]!.state, 'stopped')
  assert.deepEqual(await hosts.check(t0 + 900_000), [], 'a stopped host is not alerted on')
})
