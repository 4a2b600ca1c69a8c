import assert from 'node:assert/strict'
import { accessSync, chmodSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { isTimmyError } from '../../core/errors.js'
import { resolveTuning } from '../../plugins/deadman/options.js'
import { harness, options } from './harness.js'

const timing = { dryRun: false, periodSeconds: 10, graceSeconds: 5, startGraceSeconds: 5 }
const code = (c: string) => (err: unknown) => isTimmyError(err, c)

test('a missing stamp folder is a coded error on that wizard; the loop and the other wizards go on', async (t) => {
  const h = await harness(t, ({ dir }) => ({
    ...timing,
    wizards: { lost: { stamp: join(dir, 'no-such-folder', 'lost.stamp') }, ezra: {} },
  }))
  await assert.rejects(h.dm.beat('lost'), code('TIMMY_ERR_DEADMAN_STAMP_DIR'))
  writeFileSync(join(h.stamps, 'agent-heartbeat-ezra.stamp'), '')
  const r = await h.dm.tick()
  assert.deepEqual(
    r.errors.map((e) => [e.wizard, e.code]),
    [['lost', 'TIMMY_ERR_DEADMAN_STAMP_DIR']],
  )
  const st = await h.dm.status()
  assert.equal(st.find((s) => s.wizard === 'ezra')!.state, 'up', 'the other wizard was evaluated')
  assert.equal(st.find((s) => s.wizard === 'lost')!.lastError, 'TIMMY_ERR_DEADMAN_STAMP_DIR')
  // Reported once, not on every tick; and cleared when the folder appears.
  h.clock.now += 1000
  assert.deepEqual((await h.dm.tick()).errors, [])
  mkdirSync(join(h.dir, 'no-such-folder'))
  h.clock.now += 1000
  await h.dm.tick()
  assert.equal((await h.dm.status()).find((s) => s.wizard === 'lost')!.lastError, null)
})

test('a stamp path under a file, or an unwritable stamp folder, is a coded error', async (t) => {
  const h = await harness(t, ({ dir }) => {
    writeFileSync(join(dir, 'plain-file'), '')
    mkdirSync(join(dir, 'locked'))
    return {
      ...timing,
      wizards: {
        underfile: { stamp: join(dir, 'plain-file', 'x.stamp') },
        locked: { stamp: join(dir, 'locked', 'x.stamp') },
      },
    }
  })
  await assert.rejects(h.dm.beat('underfile'), code('TIMMY_ERR_DEADMAN_STAMP_DIR'))
  if (process.getuid?.() === 0) {
    // Permissions do not stop root; a folder the kernel refuses writes to does (containers: /proc/sys).
    const refused = ['/proc/sys'].find((d) => {
      try {
        accessSync(d, constants.W_OK)
        return false
      } catch {
        return existsSync(d)
      }
    })
    if (!refused) return t.diagnostic('running as root with no unwritable folder: case skipped')
    const root = await harness(t, { ...timing, wizards: { locked: { stamp: join(refused, 'x.stamp') } } })
    await assert.rejects(root.dm.beat('locked'), code('TIMMY_ERR_DEADMAN_STAMP_DIR'))
    return
  }
  chmodSync(join(h.dir, 'locked'), 0o500)
  t.after(() => chmodSync(join(h.dir, 'locked'), 0o700))
  await assert.rejects(h.dm.beat('locked'), code('TIMMY_ERR_DEADMAN_STAMP_DIR'))
})

test('an unknown wizard is a coded error for every command', async (t) => {
  const h = await harness(t, { ...timing, wizards: { ezra: {} } })
  for (const call of [
    () => h.dm.beat('ezar'),
    () => h.dm.pause('ezar'),
    () => h.dm.resume('ezar'),
    () => h.dm.reset('ezar'),
    () => h.dm.transitions('ezar'),
  ]) {
    await assert.rejects(call(), (err: unknown) => {
      assert.ok(isTimmyError(err, 'TIMMY_ERR_DEADMAN_UNKNOWN_WIZARD'))
      assert.equal(err.exitCode, 2)
      return true
    })
  }
  assert.throws(
    () => resolveTuning(options({ wizards: { '../evil': {} } })),
    code('TIMMY_ERR_DEADMAN_BAD_WIZARD_NAME'),
  )
})

test('a restart command that does not exist is a coded error; the loop keeps running and keeps its bounds', async (t) => {
  const h = await harness(t, ({ dir }) => ({
    ...timing,
    maxRetries: 2,
    backoff: { baseSeconds: 1, factor: 1, capSeconds: 1 },
    wizards: {
      ghost: { restart: [join(dir, 'no-such-command'), '--now'] },
      nocmd: {},
      ezra: { restart: ['true'] },
    },
  }))
  const t0 = h.clock.now
  const errors: string[] = []
  for (let s = 0; s <= 120; s++) {
    h.clock.now = t0 + s * 1000
    if (s < 100) await h.dm.beat('ezra', { source: 'test' })
    const r = await h.dm.tick()
    errors.push(...r.errors.map((e) => `${e.wizard}:${e.code}`))
  }
  assert.ok(errors.includes('ghost:TIMMY_ERR_DEADMAN_RESTART_NOT_FOUND'))
  assert.ok(errors.includes('nocmd:TIMMY_ERR_DEADMAN_NO_RESTART'))
  const ghost = (await h.dm.actions('ghost')).filter((a) => a.kind === 'restart')
  assert.equal(ghost.length, 2, 'failed restarts still count against maxRetries: no runaway')
  assert.ok(
    ghost.every((a) => a.outcome === 'failed' && a.detail.error === 'TIMMY_ERR_DEADMAN_RESTART_NOT_FOUND'),
  )
  const st = await h.dm.status()
  assert.equal(st.find((s) => s.wizard === 'ghost')!.active, true)
  assert.equal(st.find((s) => s.wizard === 'nocmd')!.lastError, 'TIMMY_ERR_DEADMAN_NO_RESTART')
  // The healthy wizard was evaluated all along and, once silent, restarted normally.
  const ezra = (await h.dm.actions('ezra')).filter((a) => a.kind === 'restart')
  assert.ok(ezra.length >= 1)
  assert.ok(ezra.every((a) => a.outcome === 'ok'))
  assert.equal(ezra.at(-1)!.at, t0 + 115_000, 'restarted as soon as it was down')
})

test('a restart command that fails or hangs is a coded error with its exit code', async (t) => {
  const h = await harness(t, {
    ...timing,
    commandTimeoutSeconds: 1,
    wizards: {
      failing: { restart: [process.execPath, '-e', 'console.error("unit not found"); process.exit(5)'] },
      hanging: { restart: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'] },
    },
  })
  await h.dm.status() // deadman first sees the wizards now
  h.clock.now += 16_000
  const r = await h.dm.tick()
  const failing = r.actions.find((a) => a.wizard === 'failing')!
  assert.equal(failing.outcome, 'failed')
  assert.equal(failing.detail.error, 'TIMMY_ERR_DEADMAN_RESTART_FAILED')
  assert.equal(failing.detail.code, 5)
  assert.match(String(failing.detail.message), /unit not found/)
  const hanging = r.actions.find((a) => a.wizard === 'hanging')!
  assert.equal(hanging.outcome, 'failed')
  assert.match(String(hanging.detail.message), /timed out/)
})

test('preflight names missing commands and unusable stamp folders before anything runs', async (t) => {
  const h = await harness(t, ({ dir }) => ({
    ...timing,
    wizards: {
      ghost: { restart: [join(dir, 'no-such-command')], probe: ['no-such-probe-on-path'] },
      lost: { stamp: join(dir, 'missing', 'x.stamp'), restart: ['true'], check: [process.execPath, '-v'] },
      ezra: { restart: ['true'] },
    },
  }))
  assert.deepEqual(
    (await h.dm.preflight()).map((p) => [p.wizard, p.code]),
    [
      ['ghost', 'TIMMY_ERR_DEADMAN_RESTART_NOT_FOUND'],
      ['ghost', 'TIMMY_ERR_DEADMAN_RESTART_NOT_FOUND'],
      ['lost', 'TIMMY_ERR_DEADMAN_STAMP_DIR'],
    ],
  )
})
