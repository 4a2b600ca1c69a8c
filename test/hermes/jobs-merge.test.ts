import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseYamlText } from '../../core/config/yaml-source.js'
import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { readCronYaml } from '../../plugins/hermes/cron-yaml.js'
import { applyJobs } from '../../plugins/hermes/jobs-file.js'
import { baseOverlay, contextFor, writeOverlay } from '../deploy/_overlay.js'
import { sandbox } from '../helpers/temp.js'

const HERMES_JOB = {
  id: 'a1b2c3d4e5f6',
  name: 'Daily digest',
  prompt: 'Summarize new issues',
  skills: [],
  schedule: { kind: 'cron', expr: '0 9 * * *', display: '0 9 * * *' },
  schedule_display: '0 9 * * *',
  repeat: { times: null, completed: 3 },
  enabled: true,
  state: 'scheduled',
  next_run_at: '2026-07-19T09:00:00+00:00',
  last_run_at: '2026-07-18T09:00:02+00:00',
  last_status: 'ok',
  deliver: 'local',
  origin: { platform: 'telegram', chat_id: '-100' },
}

const cron = (prompt: string, extra = '') =>
  `jobs:\n  - {id: digest, name: Digest, schedule: "0 9 * * *", prompt: "${prompt}"}\n${extra}`

const readJobs = (hermes: string) => JSON.parse(readFileSync(join(hermes, 'cron/jobs.json'), 'utf8'))

test("Hermes' jobs and runtime fields survive ten deploys", async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'config/cron.yaml': cron('v0') })
  mkdirSync(join(sb.hermes, 'cron'), { recursive: true })
  writeFileSync(join(sb.hermes, 'cron/jobs.json'), JSON.stringify({ jobs: [HERMES_JOB], updated_at: 'x' }))
  const ctx = contextFor(sb)
  await runDeploy(ctx, { source: sb.cwd })
  for (let i = 1; i <= 10; i++) {
    // Hermes ran the job and rewrote the file in between.
    const file = readJobs(sb.hermes)
    const mine = file.jobs.find((j: any) => j.id === 'timmy-digest')
    Object.assign(mine, {
      last_run_at: `2026-07-${10 + i}T09:00:00+00:00`,
      next_run_at: 'soon',
      last_status: 'ok',
    })
    mine.repeat.completed = i
    writeFileSync(join(sb.hermes, 'cron/jobs.json'), JSON.stringify(file))
    writeOverlay(sb.cwd, { 'config/cron.yaml': cron(`v${i}`) })
    const r = await runDeploy(ctx, { source: sb.cwd })
    assert.deepEqual(r.commit?.jobs?.updated, ['timmy-digest'])
    const after = readJobs(sb.hermes)
    assert.deepEqual(
      after.jobs.find((j: any) => j.id === HERMES_JOB.id),
      HERMES_JOB,
      `deploy ${i} left Hermes' job alone`,
    )
    const job = after.jobs.find((j: any) => j.id === 'timmy-digest')
    assert.equal(job.prompt, `v${i}`)
    assert.equal(job.last_run_at, `2026-07-${10 + i}T09:00:00+00:00`)
    assert.equal(job.next_run_at, 'soon', 'an unchanged schedule keeps next_run_at')
    assert.equal(job.repeat.completed, i)
  }
  assert.equal(statSync(join(sb.hermes, 'cron/jobs.json')).mode & 0o777, 0o600)
})

test("timmy's jobs are added, updated (schedule, enabled) and removed when dropped from cron.yaml", async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, {
    'config/cron.yaml': cron('p', '  - {id: other, name: Other, schedule: "every 2h", prompt: o}\n'),
  })
  const ctx = contextFor(sb)
  const first = await runDeploy(ctx, { source: sb.cwd })
  assert.deepEqual(first.commit?.jobs?.added, ['timmy-digest', 'timmy-other'])
  const other = readJobs(sb.hermes).jobs.find((j: any) => j.id === 'timmy-other')
  assert.deepEqual(other.schedule, { kind: 'interval', minutes: 120, display: 'every 120m' })
  assert.equal(other.state, 'scheduled')

  writeOverlay(sb.cwd, {
    'config/cron.yaml':
      'jobs:\n  - {id: digest, name: Digest, schedule: "30 7 * * *", prompt: p, enabled: false}\n',
  })
  const second = await runDeploy(ctx, { source: sb.cwd })
  assert.deepEqual(second.commit?.jobs?.removed, ['timmy-other'])
  assert.deepEqual(second.commit?.jobs?.updated, ['timmy-digest'])
  const digest = readJobs(sb.hermes).jobs.find((j: any) => j.id === 'timmy-digest')
  assert.equal(digest.schedule.expr, '30 7 * * *')
  assert.equal(digest.state, 'paused')
  const next = new Date(digest.next_run_at)
  assert.deepEqual([next.getHours(), next.getMinutes()], [7, 30], 'the changed schedule gets a new next run')
  assert.equal(readJobs(sb.hermes).jobs.length, 1)
})

test("the merge waits for Hermes' .jobs.lock and gives up with a coded error", async (t) => {
  const sb = sandbox(t)
  mkdirSync(join(sb.hermes, 'cron'), { recursive: true })
  const lock = join(sb.hermes, 'cron/.jobs.lock')
  writeFileSync(lock, '')
  const holder = spawn('flock', ['-x', lock, 'sh', '-c', 'echo held; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  })
  t.after(() => holder.stdin!.end())
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()))
  const jobs = readCronYaml(parseYamlText(cron('x'), 'cron.yaml'))
  await assert.rejects(applyJobs(sb.hermes, jobs, { lockTimeoutMs: 1000 }), {
    code: 'TIMMY_ERR_HERMES_LOCK_TIMEOUT',
  })
  holder.stdin!.end()
  await new Promise((r) => holder.once('close', r))
  const merged = await applyJobs(sb.hermes, jobs)
  assert.deepEqual(merged.added, ['timmy-digest'])
})
