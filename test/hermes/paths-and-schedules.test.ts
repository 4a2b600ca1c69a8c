import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { nextRunAt, parseSchedule } from '../../plugins/hermes/cron-schedule.js'
import { isPrivatePath, resolveInside } from '../../plugins/hermes/hermes-paths.js'
import { tempDir } from '../helpers/temp.js'

test('paths that would leave $HERMES_HOME are refused', (t) => {
  const root = tempDir(t)
  const outside = tempDir(t)
  assert.equal(resolveInside(root, 'skins/timmy.yaml'), join(root, 'skins', 'timmy.yaml'))
  for (const bad of ['../x', 'skins/../../x', '/etc/passwd', '', 'a//b', './a'])
    assert.throws(() => resolveInside(root, bad), { code: 'TIMMY_ERR_DEPLOY_PATH_ESCAPE' }, bad)
  mkdirSync(join(root, 'plugins'))
  symlinkSync(outside, join(root, 'plugins', 'bridge'))
  assert.throws(() => resolveInside(root, 'plugins/bridge/plugin.yaml'), {
    code: 'TIMMY_ERR_DEPLOY_PATH_ESCAPE',
  })
  assert.equal(isPrivatePath('config.yaml'), true)
  assert.equal(isPrivatePath('memories/USER.md'), true)
  assert.equal(isPrivatePath('skins/timmy.yaml'), false)
})

test('schedules parse the way Hermes stores them', () => {
  const now = () => Date.parse('2026-07-18T08:00:00Z')
  assert.deepEqual(parseSchedule('0 9 * * *'), { kind: 'cron', expr: '0 9 * * *', display: '0 9 * * *' })
  assert.deepEqual(parseSchedule('every 30m'), { kind: 'interval', minutes: 30, display: 'every 30m' })
  assert.deepEqual(parseSchedule('every 2h'), { kind: 'interval', minutes: 120, display: 'every 120m' })
  assert.deepEqual(parseSchedule('2h', now), {
    kind: 'once',
    run_at: '2026-07-18T10:00:00.000Z',
    display: 'once in 2h',
  })
  assert.equal(parseSchedule('2026-02-03T14:00').kind, 'once')
  for (const bad of ['', 'every', 'every 0m', '0m', '* * * *', '61 * * * *', 'rm -rf /', '2026-13-45T99:00'])
    assert.throws(() => parseSchedule(bad), { code: 'TIMMY_ERR_HERMES_CRON_BAD_SCHEDULE' }, bad)
  const next = new Date(nextRunAt(parseSchedule('0 9 * * *'), now())!)
  assert.deepEqual([next.getHours(), next.getMinutes()], [9, 0], 'cron runs in local time, as Hermes does')
  assert.ok(next.getTime() > now())
  assert.equal(nextRunAt(parseSchedule('every 30m'), now()), '2026-07-18T08:30:00.000Z')
})
