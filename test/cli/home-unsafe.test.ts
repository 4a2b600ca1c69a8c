/**
 * A TIMMY_HOME (or its timmy.db, generations/, deploy/) that another user owns or may write is refused
 * at boot, before the store opens or serve listens: TIMMY_ERR_HOME_UNSAFE naming the path, exit 2.
 */
import assert from 'node:assert/strict'
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('a world-writable TIMMY_HOME is refused by serve, exit 2, and no store is made', async (t) => {
  const box = sandbox(t)
  mkdirSync(box.home)
  chmodSync(box.home, 0o777)
  const r = await runCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_HOME_UNSAFE/)
  assert.ok(r.stderr.includes(box.home), r.stderr)
  assert.match(r.stderr, /chmod 700/)
  assert.equal(existsSync(join(box.home, 'timmy.db')), false)
})

test('a group-writable timmy.db in TIMMY_HOME is refused by a store-opening command', async (t) => {
  const box = sandbox(t)
  mkdirSync(box.home, { mode: 0o700 })
  writeFileSync(join(box.home, 'timmy.db'), '')
  chmodSync(join(box.home, 'timmy.db'), 0o660)
  const r = await runCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_HOME_UNSAFE/)
  assert.ok(r.stderr.includes(join(box.home, 'timmy.db')), r.stderr)
})

test('a TIMMY_HOME owned by another user is refused', {
  skip: process.getuid?.() === 0 ? false : 'needs root to chown',
}, async (t) => {
  const box = sandbox(t)
  mkdirSync(join(box.home, 'deploy'), { recursive: true, mode: 0o700 })
  chownSync(join(box.home, 'deploy'), 65534, 65534)
  const r = await runCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /TIMMY_ERR_HOME_UNSAFE.*deploy.*owned by uid 65534/)
})
