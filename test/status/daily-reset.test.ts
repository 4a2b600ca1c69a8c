/** `daily_reset` with the clock moved across midnight: old logs compressed, the current one untouched, nothing lost. */
import assert from 'node:assert/strict'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ tag, i })).join('\n') + '\n'

test('daily_reset across midnight compresses yesterday, keeps today, loses nothing', async (t) => {
  const box = sandbox(t)
  const { host } = await testHost(t, {
    box,
    builtins: true,
    config: { pluginOptions: { housekeeping: { keepDays: 7 } } },
  })
  const hk = host.service('housekeeping')!
  const day1 = Date.parse('2026-03-10T23:30:00Z')
  const day2 = Date.parse('2026-03-11T00:05:00Z')
  mkdirSync(box.hermes, { recursive: true })
  const usage = join(box.hermes, 'token_usage.jsonl')
  writeFileSync(usage, lines(500, 'usage'))
  utimesSync(usage, new Date(day1 - 60_000), new Date(day1 - 60_000))
  const logs = join(box.home, 'logs')
  mkdirSync(logs, { recursive: true })
  writeFileSync(join(logs, 'serve.log'), lines(40, 'serve'))
  utimesSync(join(logs, 'serve.log'), new Date(day1 - 3_600_000), new Date(day1 - 3_600_000))
  writeFileSync(join(logs, 'serve.log.2026-02-20.gz'), 'old')

  // Before midnight: nothing is old yet.
  const before = await hk.dailyReset(day1)
  assert.deepEqual(before.rotated, [])
  assert.deepEqual(before.deletedArchives, [join(logs, 'serve.log.2026-02-20.gz')])
  assert.equal(readFileSync(usage, 'utf8'), lines(500, 'usage'))

  // A log written after midnight is the current one.
  const today = join(logs, 'worker.log')
  writeFileSync(today, lines(7, 'worker'))
  utimesSync(today, new Date(day2 - 60_000), new Date(day2 - 60_000))
  const todayMtime = statSync(today).mtimeMs

  const after = await hk.dailyReset(day2)
  assert.deepEqual(after.errors, [])
  assert.equal(after.day, '2026-03-11')
  const archived = (file: string) => gunzipSync(readFileSync(file)).toString('utf8')
  assert.equal(archived(join(box.hermes, 'token_usage.jsonl.2026-03-10.gz')), lines(500, 'usage'))
  assert.equal(archived(join(logs, 'serve.log.2026-03-10.gz')).split('\n').filter(Boolean).length, 40)
  assert.equal(existsSync(usage), false)
  assert.equal(existsSync(join(logs, 'serve.log')), false)
  assert.equal(readFileSync(today, 'utf8'), lines(7, 'worker'))
  assert.equal(statSync(today).mtimeMs, todayMtime)
  assert.deepEqual(
    after.rotated.map((r) => r.lines).sort((a, b) => a - b),
    [40, 500],
  )
  assert.deepEqual(after.deletedArchives, [])
  assert.ok(!readdirSync(logs).some((f) => f.endsWith('.tmp')))
  assert.ok(after.checkpoint)

  // Recorded, and shown by `timmy status`.
  assert.equal((await hk.history(1))[0]!.at, new Date(day2).toISOString())
  const snap = await host.service('status')!.snapshot({ now: day2 })
  assert.ok(snap.housekeeping && snap.housekeeping.error === undefined)
  assert.equal(snap.housekeeping.last?.rotated.length, 2)
})
