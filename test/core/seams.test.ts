/**
 * The seams between plugins are checked at boot: a needed service that no plugin provides, a declared
 * service never provided, an emitted effect kind without a handler — each a coded error; and every
 * effect is checked against its handler's payload schema before it is applied or planned.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type } from '@sinclair/typebox'
import { definePlugin } from '../../core/plugin.js'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'
import { bootHost } from '../playbook/helpers.js'

test('a plugin that needs a service no plugin provides fails the boot with a coded error naming both', async (t) => {
  const needy = definePlugin({ name: 'needy', version: '1.0.0', needs: ['ledger'], setup() {} })
  await assert.rejects(testHost(t, { plugins: [needy] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_SERVICE_MISSING')
    assert.match(err.message, /"needy" needs the service "ledger"/)
    return true
  })
})

test('a needed service orders its provider first, whatever the load order', async (t) => {
  const order: string[] = []
  const consumer = definePlugin({
    name: 'consumer',
    version: '1.0.0',
    needs: ['ledger'],
    setup(host) {
      order.push('consumer')
      assert.ok(host.use('ledger'), 'the provider was set up first')
    },
  })
  const provider = definePlugin({
    name: 'provider',
    version: '1.0.0',
    provides: ['ledger'],
    setup(host) {
      order.push('provider')
      host.provide('ledger', { total: 0 })
    },
  })
  await testHost(t, { plugins: [consumer, provider] })
  assert.deepEqual(order, ['provider', 'consumer'])
})

test('a plugin that declares a service but never provides it fails the boot', async (t) => {
  const liar = definePlugin({ name: 'liar', version: '1.0.0', provides: ['ledger'], setup() {} })
  await assert.rejects(testHost(t, { plugins: [liar] }), { code: 'TIMMY_ERR_SERVICE_NOT_PROVIDED' })
})

test('an emitted effect kind with no handler fails the boot; the built-in playbooks plugin without gitea too', async (t) => {
  const emitter = definePlugin({
    name: 'emitter',
    version: '1.0.0',
    effects: { emits: ['ticket.open'] },
    setup() {},
  })
  await assert.rejects(testHost(t, { plugins: [emitter] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_EFFECT_NO_HANDLER')
    assert.match(err.message, /"emitter" emits effects of kind "ticket.open"/)
    return true
  })
  const box = sandbox(t)
  const { writeFileSync } = await import('node:fs')
  const { join } = await import('node:path')
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify({ disabledPlugins: ['gitea'] }))
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2)
  assert.match(
    r.stderr,
    /TIMMY_ERR_EFFECT_NO_HANDLER: plugin "(playbooks|orchestrator)" emits effects of kind "gitea\./,
  )
})

test('an effect whose payload does not match its handler schema is refused before it is applied or planned', async (t) => {
  const applied: unknown[] = []
  const sink = definePlugin({
    name: 'sink',
    version: '1.0.0',
    effects: { handles: { 'sink.put': Type.Object({ kind: Type.Literal('sink.put'), n: Type.Integer() }) } },
    setup(host) {
      host.registerEffect('sink.put', (e) => void applied.push(e))
    },
  })
  const { host } = await testHost(t, { plugins: [sink] })
  const ctx = host.plugins.find((p) => p.plugin.name === 'sink')
  assert.ok(ctx)
  assert.throws(() => host.checkEffect({ kind: 'sink.put', n: 'three' }), {
    code: 'TIMMY_ERR_EFFECT_INVALID_PAYLOAD',
  })
  host.checkEffect({ kind: 'sink.put', n: 3 })

  // Through a playbook: a comment on "widgets" (no owner) is refused in the plan, and nothing is written.
  const { service } = await bootHost(t, {
    files: {
      'blank.yaml': `name: blank\nlane: coder\non: manual\nsteps:\n  - use: playbooks/comment\n    with: { repo: widgets, issue: 3, body: hello }\n`,
    },
  })
  const report = await service.run('blank', {})
  const step = report.steps[0]!
  assert.equal(step.outcome, 'failed')
  assert.equal(step.error?.code, 'TIMMY_ERR_EFFECT_INVALID_PAYLOAD')
  assert.equal(step.applied?.[0]?.status, 'refused')
})
