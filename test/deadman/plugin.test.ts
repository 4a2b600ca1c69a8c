import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { checkSchema } from '../../core/config/check-schema.js'
import { loadConfig } from '../../core/config/load-config.js'
import { resolvePaths } from '../../core/config/paths.js'
import { ConfigSchema } from '../../core/config/schema.js'
import { isTimmyError } from '../../core/errors.js'
import type { WizardStateEvent } from '../../core/hooks.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { definePlugin } from '../../core/plugin.js'
import { sandbox } from '../helpers/temp.js'
import { AGENT } from './harness.js'

async function boot(
  t: { after(fn: () => unknown): void },
  given: Record<string, unknown> | ((box: ReturnType<typeof sandbox>) => Record<string, unknown>),
) {
  const box = sandbox(t)
  const deadman = typeof given === 'function' ? given(box) : given
  const loaded = {
    config: checkSchema(ConfigSchema, { pluginOptions: { deadman: { stampDir: box.root, ...deadman } } }),
    paths: resolvePaths({}, box.env, box.cwd),
  }
  const seen: WizardStateEvent[] = []
  const spy = definePlugin({
    name: 'spy',
    version: '1.0.0',
    setup(host) {
      host.hooks.wizardState.tapPromise('spy', async (e) => {
        seen.push(e)
      })
    },
  })
  const host = await createHost({ loaded, log: silentLogger, dropIns: false, plugins: [spy] })
  t.after(() => host.close('test'))
  const dm = host.service('deadman')!
  return { box, host, dm, seen }
}

test('the plugin provides the deadman service, the deadman command and its two periodic tasks', async (t) => {
  const { host, dm } = await boot(t, { wizards: { ezra: {} } })
  assert.ok(dm)
  assert.deepEqual(dm.wizards(), ['ezra'])
  assert.equal(host.lazyCommands.get('deadman')?.plugin, 'deadman')
  assert.equal(host.tasks.get('heartbeat')?.task.schedule, '* * * * *')
  assert.equal(host.tasks.get('heartbeat_heavy')?.task.schedule, '*/30 * * * *')
  assert.deepEqual(host.tapsOf('deadman').sort(), ['heartbeat', 'hermesEvent', 'serve'])
})

test('Hermes events are beats: session activity keeps a wizard up, start and end open and close runs', async (t) => {
  const { host, dm, seen } = await boot(t, { wizards: { ezra: {}, bilbo: {} }, hermesWizard: 'ezra' })
  const at = new Date().toISOString()
  await host.hooks.hermesEvent.promise({ hook: 'on_session_start', sessionId: 's1', payload: {}, at })
  await host.hooks.hermesEvent.promise({ hook: 'agent:start', payload: { session_id: 's2' }, at })
  await host.hooks.hermesEvent.promise({ hook: 'agent:end', payload: { session_id: 's2' }, at })
  await host.hooks.hermesEvent.promise({ hook: 'on_session_start', sessionId: 's1', payload: {}, at })
  await host.hooks.hermesEvent.promise({ hook: 'post_tool_call', payload: { profile_name: 'bilbo' }, at })
  await host.hooks.hermesEvent.promise({ hook: 'post_tool_call', payload: { profile_name: 'nobody' }, at })
  const st = await dm.status()
  assert.equal(st.find((s) => s.wizard === 'ezra')!.lastBeatSource, 'hermes:on_session_start')
  assert.equal(st.find((s) => s.wizard === 'ezra')!.state, 'up')
  assert.equal(st.find((s) => s.wizard === 'bilbo')!.lastBeatSource, 'hermes:post_tool_call')
  // The session never ends: after maxRunSeconds the start-without-finish detector fires.
  await dm.tick(Date.now() + 3601_000)
  const fired = seen.filter((e) => e.detector === 'start-without-finish')
  assert.deepEqual(
    fired.map((e) => e.wizard),
    ['ezra'],
  )
  assert.match(String(fired[0]!.reason), /run "s1"/, 'the finished session s2 did not fire')
  // A beat another plugin announces on the heartbeat hook is recorded too.
  await host.hooks.heartbeat.promise({ wizard: 'bilbo', source: 'bridge', at })
  assert.equal((await dm.status()).find((s) => s.wizard === 'bilbo')!.lastBeatSource, 'bridge')
})

// Alerts through the real gitea plugin and a fake Gitea server: gitea-alert.test.ts.

test('the heartbeat tasks check the agent process and run the model health probe', async (t) => {
  const { host, dm } = await boot(t, (box) => ({
    wizards: {
      ezra: {
        // Passes only when deadman gives the command timmy's HERMES_HOME.
        check: [
          process.execPath,
          '-e',
          `process.exit(process.env.HERMES_HOME === ${JSON.stringify(box.hermes)} ? 0 : 1)`,
        ],
        probe: [process.execPath, AGENT, '--max-life', '0'],
      },
      bilbo: {
        pidFile: join('/nonexistent', 'bilbo.pid'),
        probe: [process.execPath, '-e', 'process.exit(3)'],
      },
    },
  }))
  const signal = new AbortController().signal
  await host.tasks.get('heartbeat')!.task.handler(undefined, { signal, host: undefined as never })
  let st = await dm.status()
  assert.equal(st.find((s) => s.wizard === 'ezra')!.lastBeatSource, 'check')
  assert.equal(st.find((s) => s.wizard === 'bilbo')!.lastBeatAt, null)
  const heavy = (await host.tasks.get('heartbeat_heavy')!.task.handler(undefined, {
    signal,
    host: undefined as never,
  })) as { wizard: string; ok: boolean; code?: string }[]
  assert.deepEqual(heavy, [
    { wizard: 'ezra', ok: true },
    { wizard: 'bilbo', ok: false, code: 'TIMMY_ERR_DEADMAN_PROBE_FAILED' },
  ])
  st = await dm.status()
  assert.equal(st.find((s) => s.wizard === 'ezra')!.lastBeatSource, 'probe')
})

test('a restart given as a shell string is refused at boot, naming file:line:col', async (t) => {
  const box = sandbox(t)
  const file = join(box.cwd, 'timmy.config.yaml')
  writeFileSync(
    file,
    'pluginOptions:\n  deadman:\n    wizards:\n      ezra:\n        restart: systemctl restart hermes\n',
  )
  const loaded = await loadConfig({ configPath: file, cwd: box.cwd, env: box.env })
  await assert.rejects(createHost({ loaded, log: silentLogger, dropIns: false }), (err: unknown) => {
    assert.ok(isTimmyError(err, 'TIMMY_ERR_PLUGIN_INVALID_OPTIONS'))
    assert.equal(err.loc?.line, 5)
    return true
  })
})
