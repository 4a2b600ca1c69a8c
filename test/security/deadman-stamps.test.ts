// Issue 16 follow-up: deadman stamp files were an unauthenticated heartbeat, and root followed symlinks there.
/**
 * Another user could `touch -d 2099-01-01 /tmp/agent-heartbeat-<wizard>.stamp` and mark the wizard up,
 * or plant a symlink there so that root's `timmy deadman beat <wizard>` created or touched the link's
 * target. Stamps are now trusted only when they are regular files owned by timmy's user (a symlink or
 * another user's stamp is ignored, with one warning per wizard), and written with O_NOFOLLOW.
 */
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Logger } from '../../core/log.js'
import deadman from '../../plugins/deadman/index.js'
import hermes from '../../plugins/hermes/index.js'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'
import { otherUserUnavailable, runAsOther } from './_other-user.js'

/** A stamp folder anyone may write (no sticky bit: the kernel's protected_symlinks does not help here). */
function openStampDir(root: string): string {
  chmodSync(root, 0o755)
  const dir = join(root, 'stamps')
  mkdirSync(dir)
  chmodSync(dir, 0o777)
  return dir
}

function capturingLog(warnings: string[]): Logger {
  const log: Logger = {
    trace() {},
    debug() {},
    info() {},
    warn: (...args: unknown[]) => {
      warnings.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
    },
    error() {},
    fatal() {},
    child: () => log,
    level: 'warn',
  }
  return log
}

test("another user's far-future stamp does not mark the wizard up, and is warned about once", async (t) => {
  const why = otherUserUnavailable()
  if (why) return t.skip(why)
  const box = sandbox(t)
  const stamps = openStampDir(box.root)
  const stamp = join(stamps, 'agent-heartbeat-ezra.stamp')
  await runAsOther(
    `const fs = require('node:fs'); fs.writeFileSync(${JSON.stringify(stamp)}, ''); const d = new Date('2099-01-01'); fs.utimesSync(${JSON.stringify(stamp)}, d, d)`,
  )
  const warnings: string[] = []
  const { host } = await testHost(t, {
    box,
    plugins: [hermes, deadman],
    log: capturingLog(warnings),
    config: { pluginOptions: { deadman: { stampDir: stamps, wizards: { ezra: {} } } } },
  })
  const dm = host.service('deadman')!
  const t0 = Date.now()
  await dm.tick(t0)
  await dm.tick(t0 + 1000)
  await dm.tick(t0 + 2000)
  const ezra = (await dm.status(t0 + 2000)).find((s) => s.wizard === 'ezra')!
  assert.notEqual(ezra.state, 'up', "another user's stamp is no beat")
  assert.notEqual(ezra.lastBeatSource, 'stamp')
  const about = warnings.filter((w) => w.includes('ezra') && /stamp/.test(w))
  assert.equal(about.length, 1, `one warning for the wizard, not one per tick: ${JSON.stringify(warnings)}`)
})

test('a symlinked stamp is no beat, and timmy deadman beat never writes through it', async (t) => {
  const why = otherUserUnavailable()
  if (why) return t.skip(why)
  const box = sandbox(t)
  const stamps = openStampDir(box.root)
  const target = join(box.root, 'root-only', 'PWNED')
  mkdirSync(join(box.root, 'root-only'), { mode: 0o700 })
  const stamp = join(stamps, 'agent-heartbeat-ezra.stamp')
  await runAsOther(`require('node:fs').symlinkSync(${JSON.stringify(target)}, ${JSON.stringify(stamp)})`)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { deadman: { stampDir: stamps, wizards: { ezra: {} } } } }),
  )
  const r = await runCli(['deadman', 'beat', 'ezra'], { cwd: box.cwd, env: box.env })
  assert.equal(existsSync(target), false, "root did not create the symlink's target")
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_DEADMAN_STAMP_UNTRUSTED/)
})

test("timmy deadman beat does not touch another user's stamp file", async (t) => {
  const why = otherUserUnavailable()
  if (why) return t.skip(why)
  const box = sandbox(t)
  const stamps = openStampDir(box.root)
  const stamp = join(stamps, 'agent-heartbeat-ezra.stamp')
  await runAsOther(`require('node:fs').writeFileSync(${JSON.stringify(stamp)}, '')`)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { deadman: { stampDir: stamps, wizards: { ezra: {} } } } }),
  )
  const r = await runCli(['deadman', 'beat', 'ezra'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_DEADMAN_STAMP_UNTRUSTED/)
})
