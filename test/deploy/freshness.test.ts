import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { defaultDeploySettings } from '../../plugins/deploy/config-schema.js'
import { flushContinuity } from '../../plugins/deploy/flush-continuity.js'
import { checkFreshness } from '../../plugins/deploy/freshness.js'
import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { createDeployService } from '../../plugins/deploy/service.js'
import { unifiedDiff } from '../../plugins/deploy/unified-diff.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { sandbox } from '../helpers/temp.js'
import { baseOverlay, bootHost, contextFor, writeOverlay } from './_overlay.js'

const hermes = createHermesService()

test('freshness finds missing, extra, changed, disabled and overdue jobs, and is clean after a deploy', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const kinds = () =>
    checkFreshness({ hermesHome: sb.hermes, hermes }, sb.cwd).drift.map((d) => `${d.kind} ${d.id}`)
  assert.deepEqual(kinds(), ['missing timmy-digest'])
  await runDeploy(contextFor(sb), { source: sb.cwd })
  assert.deepEqual(kinds(), [])
  const file = join(sb.hermes, 'cron/jobs.json')
  const jobs = JSON.parse(readFileSync(file, 'utf8'))
  jobs.jobs[0].schedule = { kind: 'cron', expr: '0 10 * * *', display: '0 10 * * *' }
  jobs.jobs[0].enabled = false
  jobs.jobs.push({ id: 'timmy-gone', name: 'gone' })
  writeFileSync(file, JSON.stringify(jobs))
  assert.deepEqual(kinds(), ['schedule timmy-digest', 'enabled timmy-digest', 'extra timmy-gone'])
  await runDeploy(contextFor(sb), { source: sb.cwd })
  assert.deepEqual(kinds(), [])
  const now = Date.parse('2026-07-20T12:00:00Z')
  const fixed = JSON.parse(readFileSync(file, 'utf8'))
  fixed.jobs[0].last_run_at = '2026-07-18T09:00:00Z'
  writeFileSync(file, JSON.stringify(fixed))
  const overdue = checkFreshness({ hermesHome: sb.hermes, hermes, now: () => now }, sb.cwd)
  assert.deepEqual(
    overdue.drift.map((d) => d.kind),
    ['overdue'],
  )
  fixed.jobs[0].last_run_at = '2026-07-20T09:00:00Z'
  writeFileSync(file, JSON.stringify(fixed))
  assert.equal(checkFreshness({ hermesHome: sb.hermes, hermes, now: () => now }, sb.cwd).ok, true)
})

test('a playbook schedule changed on disk is reported against the live queue schedule, old and new', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const nightly = join(sb.cwd, 'playbooks/nightly.yaml')
  writeOverlay(sb.cwd, {
    'playbooks/nightly.yaml': 'name: nightly\non: {schedule: "0 2 * * *"}\nsteps: []\n',
  })
  const noQueue = checkFreshness({ hermesHome: sb.hermes, hermes }, sb.cwd)
  assert.ok(noQueue.notes.some((n) => n.includes('queue service not available')))
  // The real queue, playbooks and deploy plugins, as `timmy serve` boots them.
  const host = await bootHost(sb, {
    pluginOptions: { playbooks: { dir: join(sb.cwd, 'playbooks') }, deploy: { source: sb.cwd } },
  })
  t.after(() => host.close())
  const deploy = host.service('deploy')!
  await deploy.deploy()
  const fresh = await deploy.freshness()
  assert.deepEqual(fresh.drift, [])
  assert.equal(fresh.checked.playbookSchedules, 1)
  // Edited on disk: the queue still runs the schedule it was started with.
  writeFileSync(nightly, 'name: nightly\non: {schedule: "30 3 * * *"}\nsteps: []\n')
  writeOverlay(sb.cwd, { 'playbooks/weekly.yaml': 'name: weekly\non: {schedule: "0 4 * * 1"}\nsteps: []\n' })
  const drift = (await deploy.freshness()).drift
  assert.deepEqual(
    drift.map((d) => `${d.kind} ${d.id}`),
    ['playbook-schedule nightly', 'playbook-unscheduled weekly'],
  )
  assert.match(drift[0]!.detail, /the queue runs "0 2 \* \* \*", the playbook now says "30 3 \* \* \*"/)
})

test('a changed cron job names the schedule jobs.json runs, not its stale display', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  await runDeploy(contextFor(sb), { source: sb.cwd })
  const file = join(sb.hermes, 'cron/jobs.json')
  const jobs = JSON.parse(readFileSync(file, 'utf8'))
  const declared = jobs.jobs[0].schedule.expr
  jobs.jobs[0].schedule = { kind: 'cron', expr: '0 10 * * *', display: '0 10 * * *' }
  writeFileSync(file, JSON.stringify(jobs))
  const [d] = checkFreshness({ hermesHome: sb.hermes, hermes }, sb.cwd).drift
  assert.equal(d!.kind, 'schedule')
  assert.equal(d!.detail, `jobs.json runs "0 10 * * *", cron.yaml says "${declared}"`)
})

test("flush_continuity appends the state to today's daily note", async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const ctx = contextFor(sb)
  const service = createDeployService(ctx, { source: sb.cwd, settings: defaultDeploySettings() })
  await service.deploy()
  const now = () => Date.parse('2026-11-28T10:00:00Z')
  const file = await flushContinuity(hermes, sb.home, service, { now })
  await flushContinuity(hermes, sb.home, service, { now: () => Date.parse('2026-11-28T11:30:00Z') })
  assert.equal(file, join(sb.home, 'daily-notes', '2026-11-28.md'))
  const text = readFileSync(file, 'utf8')
  assert.match(text, /^# 2026-11-28\n/)
  assert.equal(text.match(/live generation: 1/g)?.length, 2, 'appended, not replaced')
  assert.match(text, /## 11:30:00 UTC/)
})

test('the unified diff shows removed and added lines with a hunk header', () => {
  const d = unifiedDiff('SOUL.md', 'a\nb\nc\n', 'a\nB\nc\n')
  assert.equal(d, '--- a/SOUL.md\n+++ b/SOUL.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c')
  assert.equal(unifiedDiff('x', 'same', 'same'), '')
  assert.match(
    unifiedDiff('new.yaml', undefined, 'x: 1\n'),
    /^--- \/dev\/null\n\+\+\+ b\/new.yaml\n@@ -0,0 \+1 @@\n\+x: 1$/,
  )
})
