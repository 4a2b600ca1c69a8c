import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { Type } from '@sinclair/typebox'
import { STAGE, type StepContext } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

const step: StepContext = { runId: 'r1', stepId: 's1', playbook: 'p', use: 'a/b', input: {}, dryRun: true }

test('plugins are set up in dependency order, not load order', async (t) => {
  const order: string[] = []
  const a = definePlugin({ name: 'a', version: '1', dependencies: ['b'], setup: () => void order.push('a') })
  const b = definePlugin({ name: 'b', version: '1', setup: () => void order.push('b') })
  await testHost(t, { plugins: [a, b] })
  assert.deepEqual(order, ['b', 'a'])
})

test('duplicate plugin names are a coded error naming both sources', async (t) => {
  const p = definePlugin({ name: 'same', version: '1', setup() {} })
  await assert.rejects(testHost(t, { plugins: [p, p] }), { code: 'TIMMY_ERR_PLUGIN_DUPLICATE' })
})

test('a missing dependency is a coded error naming both plugins', async (t) => {
  const p = definePlugin({ name: 'needy', version: '1', dependencies: ['absent'], setup() {} })
  await assert.rejects(testHost(t, { plugins: [p] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_PLUGIN_MISSING_DEPENDENCY')
    assert.match(err.message, /needy/)
    assert.match(err.message, /absent/)
    return true
  })
})

test('a dependency cycle is a coded error', async (t) => {
  const a = definePlugin({ name: 'a', version: '1', dependencies: ['b'], setup() {} })
  const b = definePlugin({ name: 'b', version: '1', dependencies: ['a'], setup() {} })
  await assert.rejects(testHost(t, { plugins: [a, b] }), { code: 'TIMMY_ERR_PLUGIN_DEPENDENCY_CYCLE' })
})

test('plugin options are validated against the schema, defaults applied, and the bad path named', async (t) => {
  let seen: unknown
  const p = definePlugin({
    name: 'opts',
    version: '1',
    options: Type.Object({
      limit: Type.Integer({ minimum: 1, default: 5 }),
      nested: Type.Object({ on: Type.Boolean({ default: true }) }, { default: {} }),
    }),
    setup: (_h, o) => void (seen = o),
  })
  await testHost(t, { plugins: [p] })
  assert.deepEqual(seen, { limit: 5, nested: { on: true } })
  await assert.rejects(
    testHost(t, { plugins: [p], config: { pluginOptions: { opts: { nested: { on: 'yes' } } } } }),
    (err: Error & { code?: string; loc?: { line?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_PLUGIN_INVALID_OPTIONS')
      assert.match(err.message, /nested\.on/)
      assert.ok(err.loc?.line, 'points at the line in the JSON config')
      return true
    },
  )
})

test('pluginOptions for a plugin that is not loaded is a coded error with a did-you-mean', async (t) => {
  const p = definePlugin({ name: 'budget', version: '1', setup() {} })
  await assert.rejects(
    testHost(t, { plugins: [p], config: { pluginOptions: { budgt: {} } } }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TIMMY_ERR_PLUGIN_UNKNOWN_OPTIONS_KEY')
      assert.match(err.message, /Did you mean "budget"/)
      return true
    },
  )
})

test('tapping a hook after the host froze throws a coded error', async (t) => {
  let saved: import('../../core/hooks.js').Hooks | undefined
  const p = definePlugin({ name: 'late', version: '1', setup: (h) => void (saved = h.hooks) })
  await testHost(t, { plugins: [p] })
  assert.throws(() => saved!.afterStep.tap('late', () => {}), { code: 'TIMMY_ERR_HOOK_TAP_AFTER_FREEZE' })
})

test('a plugin that throws in a hook is wrapped once, and the other plugins keep running', async (t) => {
  const seen: string[] = []
  const bad = definePlugin({
    name: 'bad',
    version: '1',
    setup(h) {
      h.hooks.afterStep.tap('bad', () => {
        throw new Error('boom')
      })
      h.hooks.workItem.tap('bad', () => {
        throw new Error('boom')
      })
      h.hooks.beforeStep.tapPromise({ name: 'bad', stage: STAGE.policy }, async () => {
        throw new Error('boom')
      })
    },
  })
  const good = definePlugin({
    name: 'good',
    version: '1',
    setup(h) {
      h.hooks.afterStep.tap('good', (r) => void seen.push(`after:${r.use}`))
      h.hooks.workItem.tap('good', (item) => ({ ...item, tagged: true }))
    },
  })
  const { host } = await testHost(t, { plugins: [bad, good] })
  await host.hooks.afterStep.promise({ ...step, outcome: 'ok', durationMs: 1 })
  assert.deepEqual(seen, ['after:a/b'])
  const item = await host.hooks.workItem.promise({
    id: '1',
    source: 'cli',
    event: 'manual',
    payload: {},
    receivedAt: '',
  })
  assert.equal(item.tagged, true, 'the waterfall passed the value on past the broken tap')
  const veto = await host.hooks.beforeStep.promise(step)
  assert.equal(veto?.veto, true, 'a broken bail tap fails closed')
  assert.equal(veto?.by, 'bad')
  assert.equal(host.tapErrors.length, 3)
  for (const err of host.tapErrors) {
    assert.equal(err.code, 'TIMMY_ERR_PLUGIN_HOOK_FAILED')
    assert.equal(err.details?.plugin, 'bad')
    assert.equal((err.cause as Error).message, 'boom')
  }
})

test('a veto names the plugin that vetoed, and taps run in stage order', async (t) => {
  const order: string[] = []
  const late = definePlugin({
    name: 'late',
    version: '1',
    setup: (h) =>
      h.hooks.beforeStep.tap({ name: 'late', stage: STAGE.observe }, () => void order.push('late')),
  })
  const early = definePlugin({
    name: 'policy',
    version: '1',
    setup: (h) =>
      h.hooks.beforeStep.tap({ name: 'policy', stage: STAGE.policy }, () => {
        order.push('policy')
        return { veto: true, reason: 'banned' }
      }),
  })
  const { host } = await testHost(t, { plugins: [late, early] })
  const veto = await host.hooks.beforeStep.promise(step)
  assert.deepEqual(order, ['policy'])
  assert.deepEqual(veto, { veto: true, reason: 'banned', by: 'policy' })
})

test('cleanup runs in reverse order and gathers every cleanup error', async (t) => {
  const order: string[] = []
  const mk = (name: string, fail: boolean) =>
    definePlugin({
      name,
      version: '1',
      setup(h) {
        h.onClose(() => {
          order.push(name)
          if (fail) throw new Error(`${name} failed`)
        })
      },
    })
  const { host } = await testHost(t, { plugins: [mk('one', true), mk('two', false), mk('three', true)] })
  await assert.rejects(host.close(), (err: AggregateError) => {
    assert.equal(err.errors.length, 2)
    return true
  })
  assert.deepEqual(order, ['three', 'two', 'one'])
})

test('the store is opened lazily: a host that never asks for it creates no database file', async (t) => {
  const { host, box } = await testHost(t, {})
  assert.equal(host.storeOpened, false)
  const { existsSync } = await import('node:fs')
  assert.equal(existsSync(join(box.home, 'timmy.db')), false)
  const store = await host.store()
  assert.equal(store.health().journalMode, 'wal')
  assert.equal(existsSync(join(box.home, 'timmy.db')), true)
})

test('a world-writable drop-in folder is refused with a coded error', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'open')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'index.mjs'), "export default { name: 'open', version: '1', setup() {} }\n")
  chmodSync(folder, 0o777)
  const refusedBox = await testHost(t, { box })
  assert.deepEqual(
    refusedBox.host.plugins.map((p) => p.plugin.name),
    [],
  )
  assert.equal(refusedBox.host.refused[0]?.error.code, 'TIMMY_ERR_PLUGIN_UNSAFE_FOLDER')
  await refusedBox.host.close()
  chmodSync(folder, 0o755)
  const { host } = await testHost(t, { box })
  assert.deepEqual(
    host.plugins.map((p) => p.plugin.name),
    ['open'],
  )
})

test('a drop-in whose default export is not a plugin is a coded error', async (t) => {
  const box = sandbox(t)
  const folder = join(box.home, 'plugins', 'junk')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'index.mjs'), 'export default 42\n')
  assert.equal((await testHost(t, { box })).host.refused[0]?.error.code, 'TIMMY_ERR_PLUGIN_INVALID')
  const box2 = sandbox(t)
  const folder2 = join(box2.home, 'plugins', 'broken')
  mkdirSync(folder2, { recursive: true })
  writeFileSync(join(folder2, 'index.mjs'), 'throw new Error("broken at import")\n')
  assert.equal((await testHost(t, { box: box2 })).host.refused[0]?.error.code, 'TIMMY_ERR_PLUGIN_LOAD_FAILED')
})

test('a plugin whose setup throws fails the boot with a coded error naming it', async (t) => {
  const p = definePlugin({
    name: 'fragile',
    version: '1',
    setup() {
      throw new Error('no')
    },
  })
  await assert.rejects(testHost(t, { plugins: [p] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TIMMY_ERR_PLUGIN_SETUP_FAILED')
    assert.match(err.message, /fragile/)
    return true
  })
})

test('two plugins cannot register the same command or effect kind', async (t) => {
  const mk = (name: string) =>
    definePlugin({ name, version: '1', setup: (h) => h.registerEffect('gitea.label', () => {}) })
  await assert.rejects(testHost(t, { plugins: [mk('x'), mk('y')] }), { code: 'TIMMY_ERR_REGISTRY_DUPLICATE' })
})

test('plugins apply effects through the handler another plugin registered; an unhandled kind is a coded error', async (t) => {
  const applied: unknown[] = []
  let api: import('../../core/plugin.js').PluginHost | undefined
  const handler = definePlugin({
    name: 'writer',
    version: '1',
    setup: (h) => h.registerEffect('note.write', (e) => void applied.push(e)),
  })
  const user = definePlugin({ name: 'user', version: '1', setup: (h) => void (api = h) })
  await testHost(t, { plugins: [user, handler] })
  assert.equal(api!.handlesEffect('note.write'), true)
  await api!.applyEffect({ kind: 'note.write', text: 'hi' })
  assert.deepEqual(applied, [{ kind: 'note.write', text: 'hi' }])
  await assert.rejects(api!.applyEffect({ kind: 'gitea.close' }), { code: 'TIMMY_ERR_EFFECT_UNHANDLED' })
})
