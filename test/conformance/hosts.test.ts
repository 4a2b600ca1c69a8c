/**
 * The fleet on one PostgreSQL (`store.url`): two real `timmy serve` processes, each with its own
 * TIMMY_HOME and HERMES_HOME, register and beat into one `hosts` table; each sees both in its
 * `list()`, in `timmy status --json` and in `/metrics`; one killed with -9 turns silent and the other
 * raises exactly one alert; a stopped serve marks its row stopped. Two in-process hosts checking the
 * same silence at once raise one alert between them. Skipped with the reason without PostgreSQL.
 */
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import type { StatusSnapshot } from '../../plugins/status/types.js'
import { waitFor } from '../gitea/serve-helpers.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))
const skip = 'skip' in server ? server.skip : false
const url = 'url' in server ? server.url : ''

const fleetConfig = (id: string) => ({
  store: { url },
  pluginOptions: { hosts: { id, beatSeconds: 1 }, queue: { concurrency: 2 } },
})

async function serve(t: { after(fn: () => unknown): void }, id: string) {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(fleetConfig(id)))
  const child = spawnCli(['serve', '--port', '0'], {
    cwd: box.cwd,
    env: { ...box.env, TIMMY_LOG_LEVEL: 'info' },
  })
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  t.after(() => stopChild(child))
  const httpUrl = (await waitForOutput(child, /listening on (http:\/\/\S+)/))[1]!
  return { box, child, url: httpUrl, log: () => log }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('close', () => resolve())
    child.kill(signal)
  })
}

const status = async (box: Sandbox) => {
  const r = await runCli(['status', '--json', '--no-gitea'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
  return JSON.parse(r.stdout) as StatusSnapshot
}

test('two timmy serve on one PostgreSQL see each other; a killed one turns silent and is alerted once', {
  skip,
  timeout: 240_000,
}, async (t) => {
  const a = await serve(t, 'host-a')
  const b = await serve(t, 'host-b')
  // An observer on the same server (its own TIMMY_HOME; it does not serve, so it has no row).
  const { host: observer } = await testHost(t, { builtins: true, config: fleetConfig('observer') })
  const hosts = observer.service('hosts')!
  assert.equal(await hosts.backend(), 'postgres')
  const live = async () =>
    (await hosts.list())
      .filter((h) => h.state === 'live')
      .map((h) => h.id)
      .sort()
  await waitFor(async () => (await live()).join() === 'host-a,host-b', 'both hosts live', 30_000)

  for (const box of [a.box, b.box]) {
    const snap = await status(box)
    assert.ok(snap.hosts && snap.hosts.error === undefined, JSON.stringify(snap.hosts))
    assert.equal(snap.hosts.backend, 'postgres')
    assert.deepEqual(snap.hosts.hosts.map((h) => h.id).sort(), ['host-a', 'host-b'])
  }
  const m = parsePrometheusText(await (await fetch(`${a.url}/metrics`)).text())
  assert.equal(sampleValue(m, 'timmy_hosts', { state: 'live' }), 2)
  for (const id of ['host-a', 'host-b'])
    assert.equal(typeof sampleValue(m, 'timmy_host_beat_age_seconds', { host: id }), 'number')

  await stopChild(b.child, 'SIGKILL')
  const silentB = async () => (await hosts.list()).find((h) => h.id === 'host-b')
  await waitFor(async () => (await silentB())?.alertedAt != null, 'host-b alerted', 30_000)
  assert.equal((await silentB())?.state, 'silent')
  // Let the fleet's `hosts.check` run twice more (on host-a, the only one left): still one alert.
  const queue = observer.service('queue')!
  const checks = async () => (await queue.list({ task: 'hosts.check', state: 'done', limit: 1 }))[0]?.id ?? 0
  const seen = await checks()
  await waitFor(async () => (await checks()) >= seen + 2, 'two more checks', 30_000)
  const alerts = a
    .log()
    .split('\n')
    .filter((l) => l.includes('TIMMY_ERR_HOSTS_SILENT'))
  assert.equal(alerts.length, 1, a.log())
  assert.match(alerts[0]!, /host-b/)

  await stopChild(a.child)
  assert.equal((await hosts.list()).find((h) => h.id === 'host-a')?.state, 'stopped')
})

test('two hosts checking the same silence at once raise one alert between them', { skip }, async (t) => {
  const boot = async (id: string) => (await testHost(t, { builtins: true, config: fleetConfig(id) })).host
  const [x, y] = [(await boot('x')).service('hosts')!, (await boot('y')).service('hosts')!]
  const t0 = Date.now()
  await Promise.all([x.register(t0), y.register(t0)])
  const ids = (await y.list(t0)).map((h) => h.id)
  assert.ok(ids.includes('x') && ids.includes('y'), 'each sees the other')
  await y.beat(t0 + 5_000)
  const raised = (await Promise.all([x.check(t0 + 4_000), y.check(t0 + 4_000)])).flat()
  const ours = (r: { host: string }) => r.host === 'x' || r.host === 'y' // the first test's hosts share the database
  assert.deepEqual(
    raised.filter(ours).map((r) => r.host),
    ['x'],
    'x (silent past 3 s) alerted once; y beat',
  )
  assert.deepEqual((await Promise.all([x.check(t0 + 6_000), y.check(t0 + 6_000)])).flat().filter(ours), [])
})
