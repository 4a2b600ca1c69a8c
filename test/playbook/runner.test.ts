import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Effect, StepResult, UsageEvent } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { bootHost } from './helpers.js'

const FIVE_STEPS = `name: five
lane: coder
on: manual
steps:
  - id: start
    use: alpha/start
    with: { n: 2 }
  - id: double
    use: beta/double
    with: { n: "\${{ steps.start.output.n }}" }
  - id: big
    use: alpha/add
    if: steps.double.output.n > 100
    with: { n: 0, by: 1 }
  - id: add
    use: alpha/add
    with: { n: "\${{ steps.double.output.n }}", by: 3, vetoMe: "\${{ with.veto }}" }
  - id: finish
    use: beta/finish
    with: { total: "\${{ steps.add.output.n }}" }
`

function recorder() {
  const applied: Effect[] = []
  const seen: StepResult[] = []
  const usage: UsageEvent[] = []
  const plugin = definePlugin({
    name: 'recorder',
    version: '1.0.0',
    setup(host) {
      host.registerEffect('test.note', (e) => {
        applied.push(e)
        return 'noted'
      })
      host.registerEffect('test.label', (e) => {
        applied.push(e)
      })
      host.hooks.beforeStep.tap('recorder', (step) =>
        (step.input as { vetoMe?: unknown }).vetoMe === true
          ? { veto: true, reason: 'policy says no' }
          : undefined,
      )
      host.hooks.afterStep.tap('recorder', (r) => {
        seen.push(r)
      })
      host.hooks.usage.tap('recorder', (u) => {
        usage.push(u)
      })
    },
  })
  return { plugin, applied, seen, usage }
}

test('a 5-step playbook across 2 plugins threads outputs through the pool, and if: skips work', async (t) => {
  const rec = recorder()
  const { service } = await bootHost(t, { plugins: [rec.plugin], files: { 'five.yaml': FIVE_STEPS } })
  const report = await service.run('five', { with: { veto: false } })
  assert.equal(report.outcome, 'ok')
  assert.deepEqual(
    report.steps.map((s) => [s.stepId, s.outcome]),
    [
      ['start', 'ok'],
      ['double', 'ok'],
      ['big', 'skipped'],
      ['add', 'ok'],
      ['finish', 'ok'],
    ],
  )
  assert.match(report.steps[2]!.reason!, /if: steps.double.output.n > 100 was false/)
  assert.deepEqual(report.steps[4]!.output, { total: 7, seen: ['start', 'double', 'big', 'add'] })
  assert.deepEqual(report.tokens, { input: 15, output: 3 })
  assert.equal(rec.seen.length, 5, 'afterStep saw every step, the skipped one included')
  assert.deepEqual(
    rec.usage.map((u) => [u.stepId, u.input_tokens, u.source, u.playbook, u.lane]),
    [
      ['start', 10, 'playbook', 'five', 'coder'],
      ['double', 5, 'playbook', 'five', 'coder'],
    ],
  )
  assert.deepEqual(report.steps[4]!.applied, [{ kind: 'test.note', status: 'planned' }])
  assert.equal(rec.applied.length, 0, 'a dry run calls no handler')
})

test('a vetoing beforeStep tap skips the step, with its reason and plugin in the report', async (t) => {
  const rec = recorder()
  const { service } = await bootHost(t, { plugins: [rec.plugin], files: { 'five.yaml': FIVE_STEPS } })
  const report = await service.run('five', { with: { veto: true } })
  const add = report.steps.find((s) => s.stepId === 'add')!
  assert.equal(add.outcome, 'vetoed')
  assert.equal(add.reason, 'policy says no')
  assert.equal(add.vetoedBy, 'recorder')
  // `finish` reads the vetoed step's output: it does not run on output that does not exist.
  const finish = report.steps.find((s) => s.stepId === 'finish')!
  assert.equal(finish.outcome, 'skipped')
  assert.match(finish.reason!, /reads the output of step "add", which was vetoed/)
  assert.equal(report.outcome, 'vetoed')
})

test('dry run and --apply plan the same effects; only --apply calls the handlers', async (t) => {
  const rec = recorder()
  const { service } = await bootHost(t, { plugins: [rec.plugin], files: { 'five.yaml': FIVE_STEPS } })
  const dry = await service.run('five', { with: { veto: false } })
  assert.equal(rec.applied.length, 0)
  const live = await service.run('five', { with: { veto: false }, apply: true })
  const effectsOf = (r: typeof dry) => r.steps.flatMap((s) => s.effects ?? [])
  assert.deepEqual(effectsOf(live), effectsOf(dry))
  assert.deepEqual(rec.applied, [{ kind: 'test.note', text: 'total 7' }])
  assert.deepEqual(live.steps[4]!.applied, [{ kind: 'test.note', status: 'applied', result: 'noted' }])
})

test('the run report is stored and can be read back', async (t) => {
  const { service } = await bootHost(t, { plugins: [recorder().plugin], files: { 'five.yaml': FIVE_STEPS } })
  const report = await service.run('five', { with: { veto: false } })
  const stored = await service.report(report.runId)
  assert.deepEqual(stored, JSON.parse(JSON.stringify(report)))
  const recent = await service.recent(5)
  assert.equal(recent[0]!.id, report.runId)
  assert.equal(recent[0]!.tokens, 18)
})

const FAILING = (step: string, timeout = '') => `name: failing
lane: coder
on: manual
steps:
  - use: alpha/start
    with: { n: 1 }
  - use: beta/${step}${timeout ? `\n    timeout: ${timeout}` : ''}
  - use: beta/double
    with: { n: 1 }
`

test('a step that throws, one that hangs and one that exhausts its heap each fail alone; the next run succeeds', async (t) => {
  const { service, dir } = await bootHost(t, {
    plugins: [recorder().plugin],
    files: {
      'five.yaml': FIVE_STEPS,
      'throws.yaml': FAILING('boom'),
      'hangs.yaml': FAILING('hang', '300ms'),
      'hogs.yaml': FAILING('hog'),
    },
  })
  const expected: Record<string, string> = {
    throws: 'TIMMY_ERR_POOL_STEP_THREW',
    hangs: 'TIMMY_ERR_POOL_STEP_TIMEOUT',
    hogs: 'TIMMY_ERR_POOL_STEP_OUT_OF_MEMORY',
  }
  for (const [name, code] of Object.entries(expected)) {
    const report = await service.run(join(dir, `${name}.yaml`))
    assert.equal(report.outcome, 'failed', name)
    assert.deepEqual(
      report.steps.map((s) => s.outcome),
      ['ok', 'failed', 'skipped'],
      name,
    )
    assert.equal(report.steps[1]!.error?.code, code, name)
    const next = await service.run('five', { with: { veto: false } })
    assert.equal(next.outcome, 'ok', `the pool is healthy after ${name}`)
  }
})

test('an effect kind no plugin handles fails its step with PLAYBOOK_UNHANDLED_EFFECT', async (t) => {
  const { service, dir } = await bootHost(t, {
    files: { 'orphan.yaml': 'name: orphan\nlane: coder\non: manual\nsteps:\n  - use: alpha/orphan\n' },
  })
  // Declared effects are checked at load; the same check guards a step that returns an undeclared kind.
  await assert.rejects(service.load(join(dir, 'orphan.yaml')), {
    code: 'TIMMY_ERR_PLAYBOOK_UNHANDLED_EFFECT',
  })
})

test('a handler that throws fails the step and leaves later effects and steps unapplied', async (t) => {
  const calls: string[] = []
  const broken = definePlugin({
    name: 'broken',
    version: '1.0.0',
    setup(host) {
      host.registerEffect('test.note', () => {
        calls.push('note')
        throw new Error('gitea is down')
      })
      host.registerEffect('test.label', () => calls.push('label'))
    },
  })
  const { service } = await bootHost(t, {
    plugins: [broken],
    files: {
      'two.yaml': `name: two\nlane: coder\non: manual\nsteps:\n  - use: beta/finish\n    with: { total: 1 }\n  - use: alpha/label\n    with: { labels: [x] }\n`,
    },
  })
  const report = await service.run('two', { apply: true })
  assert.equal(report.outcome, 'failed')
  assert.equal(report.steps[0]!.error?.code, 'TIMMY_ERR_PLAYBOOK_EFFECT_FAILED')
  assert.equal(report.steps[0]!.applied?.[0]?.status, 'failed')
  assert.equal(report.steps[1]!.outcome, 'skipped')
  assert.deepEqual(calls, ['note'])
})

test('a beforeRun veto stops the run before any step', async (t) => {
  const gate = definePlugin({
    name: 'gate',
    version: '1.0.0',
    setup(host) {
      host.hooks.beforeRun.tap('gate', () => ({ veto: true, reason: 'frozen for the release' }))
    },
  })
  const { service } = await bootHost(t, {
    plugins: [gate, recorder().plugin],
    files: { 'five.yaml': FIVE_STEPS },
  })
  const report = await service.run('five')
  assert.equal(report.outcome, 'vetoed')
  assert.match(report.reason!, /gate: frozen for the release/)
  assert.equal(report.steps.length, 0)
})

test('a lane refuses a repo outside its repos patterns', async (t) => {
  const { service } = await bootHost(t, { plugins: [recorder().plugin], files: { 'five.yaml': FIVE_STEPS } })
  const item = {
    id: '1',
    source: 'cli',
    event: 'manual',
    repo: 'evil/corp',
    payload: {},
    receivedAt: new Date().toISOString(),
  }
  await assert.rejects(service.run('five', { item }), { code: 'TIMMY_ERR_PLAYBOOK_REPO_NOT_ALLOWED' })
})

test('without a queue service, enqueue runs the playbook in-process and applies it', async (t) => {
  const rec = recorder()
  const { service } = await bootHost(t, {
    plugins: [rec.plugin],
    files: { 'five.yaml': FIVE_STEPS },
    config: { disabledPlugins: ['queue'] },
  })
  const item = { id: '1', source: 'cli', event: 'manual', payload: {}, receivedAt: new Date().toISOString() }
  const out = await service.enqueue('five', item)
  assert.equal(out.queued, false)
  assert.equal(rec.applied.length, 1)
})

test('with a queue service, enqueue hands the run to the queue under the playbooks.run task', async (t) => {
  // The real built-in queue (not started: no serve), so the job stays queued where the test can see it.
  const { service, host, dir } = await bootHost(t, { files: { 'five.yaml': FIVE_STEPS } })
  const item = { id: '1', source: 'cli', event: 'manual', payload: {}, receivedAt: new Date().toISOString() }
  const out = await service.enqueue('five', item)
  assert.equal(out.queued, true)
  const [job] = await host.service('queue')!.list({ task: 'playbooks.run' })
  assert.equal(job?.state, 'queued')
  assert.equal(job?.idempotencyKey, `${join(dir, 'five.yaml')}:1`)
  assert.ok(job, 'the run was enqueued')
  assert.equal((job.args as { playbook: string }).playbook, join(dir, 'five.yaml'))
  assert.ok(host.tasks.has('playbooks.run'))
})

test('a lane runs at most maxConcurrent runs at once; the others wait their turn', async (t) => {
  let active = 0
  let most = 0
  const counter = definePlugin({
    name: 'counter',
    version: '1.0.0',
    setup(host) {
      host.hooks.beforeRun.tap('counter', () => {
        active++
        most = Math.max(most, active)
        return undefined
      })
      host.hooks.afterRun.tap('counter', () => {
        active--
      })
    },
  })
  const { service } = await bootHost(t, {
    plugins: [counter],
    files: {
      'solo.yaml':
        'name: solo\nlane: coordinator\non: manual\nsteps:\n  - use: beta/pause\n    with: { ms: 20 }\n',
    },
  })
  const reports = await Promise.all([1, 2, 3].map(() => service.run('solo')))
  assert.deepEqual(
    reports.map((r) => r.outcome),
    ['ok', 'ok', 'ok'],
  )
  assert.equal(most, 1, 'the coordinator lane allows one run at a time')
})

test('a playbook with on: { schedule } becomes a periodic task whose handler runs it, applied', async (t) => {
  const rec = recorder()
  const { host } = await bootHost(t, {
    plugins: [rec.plugin],
    files: {
      'nightly.yaml':
        'name: nightly\nlane: coder\non: { schedule: "0 3 * * *", timezone: UTC }\nsteps:\n  - use: beta/finish\n    with: { total: 1 }\n',
      'five.yaml': FIVE_STEPS,
    },
  })
  const entry = host.tasks.get('playbooks.run.nightly')
  assert.equal(entry?.task.schedule, '0 3 * * *')
  assert.equal(host.tasks.has('playbooks.run.five'), false, 'manual playbooks get no periodic task')
  const out = await entry!.task.handler(undefined, {
    signal: new AbortController().signal,
    host: {} as never,
  })
  assert.equal((out as { outcome: string }).outcome, 'ok')
  assert.deepEqual(rec.applied, [{ kind: 'test.note', text: 'total 1' }])
})
