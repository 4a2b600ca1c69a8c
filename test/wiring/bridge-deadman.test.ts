/** The Hermes bridge and the real deadman plugin: a bridge event names its wizard by `origin.profile`. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkSchema } from '../../core/config/check-schema.js'
import { resolvePaths } from '../../core/config/paths.js'
import { ConfigSchema } from '../../core/config/schema.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { sandbox } from '../helpers/temp.js'

test('a bridge event from a Hermes profile counts as a beat of the wizard of that name', async (t) => {
  const box = sandbox(t)
  const loaded = {
    config: checkSchema(ConfigSchema, {
      pluginOptions: {
        deadman: { stampDir: box.root, wizards: { ezra: {}, bilbo: {} } },
        bridge: { socket: false, writeDiscovery: false },
      },
    }),
    paths: resolvePaths({}, box.env, box.cwd),
  }
  const host = await createHost({ loaded, log: silentLogger, dropIns: false })
  t.after(() => host.close('test'))
  const bridge = host.service('bridge')!
  const deadman = host.service('deadman')!
  const beatOf = async (w: string) => (await deadman.status()).find((s) => s.wizard === w)!

  // Two wizards and no hermesWizard: an event without a profile belongs to nobody.
  const anonymous = await bridge.handle({ hook: 'on_session_start', kwargs: { session_id: 's0' } })
  assert.equal(anonymous.ok, true)
  assert.equal((await beatOf('bilbo')).lastBeatAt, null)

  const answer = await bridge.handle({
    hook: 'on_session_start',
    kwargs: { session_id: 's1', model: 'm', platform: 'cli' },
    source: 'plugin',
    origin: { profile: 'bilbo', hermes_home: box.hermes, pid: 4242 },
  })
  assert.equal(answer.ok, true)
  const bilbo = await beatOf('bilbo')
  assert.notEqual(bilbo.lastBeatAt, null, 'the bridge event is a beat of bilbo')
  assert.equal(bilbo.lastBeatSource, 'hermes:on_session_start')
  assert.equal((await beatOf('ezra')).lastBeatAt, null, 'and of nobody else')

  // A profile that names no watched wizard is ignored.
  await bridge.handle({
    hook: 'pre_tool_call',
    kwargs: { tool_name: 'x', session_id: 's2' },
    origin: { profile: 'gandalf' },
  })
  assert.equal((await beatOf('ezra')).lastBeatAt, null)
})
