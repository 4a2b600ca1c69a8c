/**
 * The hermes plugin booted with the built-ins: `host.use('hermes')` is its service, the one state.db
 * reader behind it reads a Hermes state.db read-only (sessions for training, usage for budget), and a
 * plugin that needs it (deploy) does not boot without it.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { definePlugin } from '../../core/plugin.js'
import deployPlugin from '../../plugins/deploy/index.js'
import type { HermesService } from '../../plugins/hermes/types.js'
import { addModelUsage, addSession, createHermesStateDb } from '../budget/fixtures/hermes-state-db.js'
import { testHost } from '../helpers/host.js'

const T0 = Date.parse('2026-11-28T12:00:00Z') / 1000

test("host.use('hermes') gives the hermes plugin's service; its state.db reader serves sessions and usage", async (t) => {
  let used: HermesService | undefined
  const consumer = definePlugin({
    name: 'consumer',
    version: '1.0.0',
    needs: ['hermes'],
    setup(host) {
      used = host.use('hermes')
    },
  })
  const { host, box } = await testHost(t, { builtins: true, plugins: [consumer] })
  assert.ok(used, 'the consumer got the service in setup')
  assert.equal(used, host.service('hermes'), 'one service object, the one the hermes plugin provided')
  assert.equal(used.paths.stateDb(box.hermes), join(box.hermes, 'state.db'))
  assert.throws(() => used!.paths.resolveInside(box.hermes, '../escape'), {
    code: 'TIMMY_ERR_DEPLOY_PATH_ESCAPE',
  })

  const file = used.paths.stateDb(box.hermes)
  const db = createHermesStateDb(file)
  t.after(() => db.close())
  addSession(db, { id: 's1', started_at: T0 - 600 })
  db.prepare(
    `INSERT INTO messages (session_id, role, content, timestamp, active) VALUES (?, ?, ?, ?, ?)`,
  ).run('s1', 'user', 'hello', T0 - 500, 1)
  db.prepare(
    `INSERT INTO messages (session_id, role, content, timestamp, active) VALUES (?, ?, ?, ?, ?)`,
  ).run('s1', 'assistant', 'rewound', T0 - 400, 0)
  addModelUsage(db, { session_id: 's1', model: 'm/x', input: 120, output: 30, cost: 0.01, at: T0 - 60 })

  assert.equal(used.stateDb.countSessions(file), 1)
  const sessions = [...used.stateDb.readSessions(file)]
  assert.deepEqual(
    sessions.map((s) => [s.row.id, s.messages.map((m) => m.content)]),
    [['s1', ['hello']]],
    'inactive (rewound) messages are left out',
  )
  const usage = await used.stateDb.readUsage(file, { sinceSec: 0, skipSources: ['timmy'], now: T0 * 1000 })
  assert.ok(Array.isArray(usage))
  assert.deepEqual(
    usage.map((u) => [u.sessionId, u.counters.input_tokens, u.counters.output_tokens, u.costStatus]),
    [['s1', 120, 30, 'estimated']],
  )
  // budget's Hermes import goes through the same reader
  const imported = await host.service('budget')!.importHermes()
  assert.equal(imported.status, 'imported')
  assert.equal(imported.tokens, 150)
})

test('deploy does not boot without the hermes service: TIMMY_ERR_SERVICE_MISSING naming both', async (t) => {
  await assert.rejects(testHost(t, { plugins: [deployPlugin] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_SERVICE_MISSING')
    assert.match(err.message, /"deploy" needs the service "hermes"/)
    return true
  })
})

test('disabling the hermes plugin fails the boot of the built-ins that need it, with the coded error', async (t) => {
  await assert.rejects(
    testHost(t, { builtins: true, config: { disabledPlugins: ['hermes'] } }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TIMMY_ERR_SERVICE_MISSING')
      assert.match(err.message, /needs the service "hermes"/)
      return true
    },
  )
})
