import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { scheduledJobs } from 'croner'
import { loadConfig } from '../../core/config/load-config.js'
import type { BudgetStateEvent, StepContext, StepResult, UsageEvent } from '../../core/hooks.js'
import { createHost, type Host } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { definePlugin } from '../../core/plugin.js'
import { reserve as reserveStep } from '../../plugins/budget/steps.js'
import { sandbox } from '../helpers/temp.js'

const BUDGETS = [
  { name: 'bugs', scope: 'pipeline', match: 'bug-fixer', window: 'daily', tokens: 10_000 },
  { name: 'all', window: 'daily', tokens: 1_000_000, soft: 0.5 },
]

async function boot(t: { after(fn: () => unknown): void }, withQueue = true) {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    // withQueue false: the built-in queue is off, so there is no queue service.
    JSON.stringify({
      pluginOptions: { budget: { budgets: BUDGETS } },
      ...(withQueue ? {} : { disabledPlugins: ['queue'] }),
    }),
  )
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  loaded.paths.home = box.home
  loaded.paths.hermesHome = box.hermes
  mkdirSync(box.hermes, { recursive: true })
  loaded.paths.store = join(box.home, 'timmy.db')
  loaded.paths.plugins = join(box.home, 'plugins')
  const usageEvents: UsageEvent[] = []
  const stateEvents: BudgetStateEvent[] = []
  const plugins = [
    definePlugin({
      name: 'spy',
      version: '0',
      setup(h) {
        h.hooks.usage.tap('spy', (e) => {
          usageEvents.push(e)
        })
        h.hooks.budgetState.tap('spy', (e) => {
          stateEvents.push(e)
        })
      },
    }),
  ]
  const host: Host = await createHost({ loaded, log: silentLogger, dropIns: false, plugins })
  t.after(() => host.close())
  return { box, host, service: host.service('budget')!, usageEvents, stateEvents }
}

const step = (runId: string, stepId: string, use: string, extra: Partial<StepContext> = {}): StepContext => ({
  runId,
  stepId,
  playbook: 'bug-fixer',
  lane: 'coder',
  use,
  input: {},
  dryRun: false,
  ...extra,
})
const done = (ctx: StepContext, usage?: StepResult['usage']): StepResult => ({
  ...ctx,
  outcome: 'ok',
  durationMs: 1,
  ...(usage ? { usage } : {}),
})

test("budget/reserve holds the run's estimate in beforeStep; later steps draw on it; the rest is released after the run", async (t) => {
  const { host, service } = await boot(t)
  const r1 = step('run-1', 's1', 'budget/reserve', { input: { tokens: 6_000 } })
  assert.equal(await host.hooks.beforeStep.promise(r1), undefined)
  // The worker step only reports what the main thread reserved.
  assert.deepEqual((await reserveStep(r1.input)).output.reserved, { tokens: 6_000, cost: 0 })
  await host.hooks.afterStep.promise(done(r1))
  const bugs = async () => (await service.status()).find((s) => s.name === 'bugs')!
  assert.equal((await bugs()).reservedTokens, 6_000)

  // A second run cannot reserve past the cap while the first one holds 6000.
  const r2 = step('run-2', 's1', 'budget/reserve', { input: { tokens: 5_000 } })
  const veto = await host.hooks.beforeStep.promise(r2)
  assert.equal(veto?.veto, true)
  assert.equal(veto?.by, 'budget')
  assert.match(veto!.reason, /"bugs".*reserved 6000 tokens.*cap 10000 tokens/)
  // …and every later step of that run is vetoed too.
  assert.equal((await host.hooks.beforeStep.promise(step('run-2', 's2', 'dispatch/agent')))?.veto, true)

  const d1 = step('run-1', 's2', 'dispatch/agent')
  assert.equal(await host.hooks.beforeStep.promise(d1), undefined)
  await host.hooks.afterStep.promise(
    done(d1, { model: 'anthropic/claude-sonnet-4.6', input_tokens: 2_000, output_tokens: 500 }),
  )
  assert.deepEqual([(await bugs()).spentTokens, (await bugs()).reservedTokens], [2_500, 3_500])
  await host.hooks.afterRun.promise({
    runId: 'run-1',
    playbook: 'bug-fixer',
    dryRun: false,
    outcome: 'ok',
    steps: [],
    startedAt: '',
    finishedAt: '',
  })
  assert.deepEqual([(await bugs()).spentTokens, (await bugs()).reservedTokens], [2_500, 0])
})

test('a step that declares an estimate is reserved alone and settled to its actual usage', async (t) => {
  const { host, service } = await boot(t)
  const s = step('run-9', 'classify', 'triage/classify', { estimate: { tokens: 9_000 } })
  assert.equal(await host.hooks.beforeStep.promise(s), undefined)
  const other = await host.hooks.beforeStep.promise(
    step('run-10', 'x', 'triage/classify', { estimate: { tokens: 2_000 } }),
  )
  assert.equal(other?.veto, true)
  await host.hooks.afterStep.promise(done(s, { input_tokens: 100 }))
  const bugs = (await service.status()).find((b) => b.name === 'bugs')!
  assert.deepEqual([bugs.spentTokens, bugs.reservedTokens], [100, 0])
})

test('a dry run is checked but holds nothing and records no usage', async (t) => {
  const { host, service } = await boot(t)
  const s = step('dry', 's1', 'budget/reserve', { input: { tokens: 20_000 }, dryRun: true })
  assert.equal((await host.hooks.beforeStep.promise(s))?.veto, true)
  const ok = step('dry2', 's1', 'budget/reserve', { input: { tokens: 1_000 }, dryRun: true })
  assert.equal(await host.hooks.beforeStep.promise(ok), undefined)
  await host.hooks.afterStep.promise(done(ok, { input_tokens: 999 }))
  for (const b of await service.status()) assert.deepEqual([b.spentTokens, b.reservedTokens], [0, 0])
})

test('usage reported through the usage hook is recorded once, even when the step reports it again', async (t) => {
  const { box, host, service } = await boot(t)
  await host.hooks.usage.promise({
    source: 'hermes-bridge',
    at: new Date().toISOString(),
    playbook: 'bug-fixer',
    runId: 'r',
    stepId: 's',
    input_tokens: 300,
  })
  await host.hooks.afterStep.promise(done(step('r', 's', 'dispatch/agent'), { input_tokens: 300 }))
  const bugs = (await service.status()).find((b) => b.name === 'bugs')!
  assert.equal(bugs.spentTokens, 300)
  const lines = readFileSync(join(box.hermes, 'token_usage.jsonl'), 'utf8').trim().split('\n')
  assert.equal(lines.length, 1)
})

test('an exhausted pipeline is held until its window ends and the state change fires the budgetState hook', async (t) => {
  const { host, service, usageEvents, stateEvents } = await boot(t)
  await service.record({ source: 'dispatch', playbook: 'bug-fixer', input_tokens: 10_000 })
  const [hold] = await service.paused({ playbook: 'bug-fixer' })
  assert.equal(hold!.key, 'budget:bugs')
  assert.equal(hold!.until, Date.parse((await service.status()).find((b) => b.name === 'bugs')!.windowEnd))
  assert.deepEqual(
    stateEvents.map((e) => [e.budget, e.state]),
    [
      ['bugs', 'soft'],
      ['bugs', 'exhausted'],
    ],
  )
  assert.ok(!usageEvents.some((e) => e.source === 'budget'), 'a state change is not a usage event')
  assert.deepEqual(
    (await service.paused({ playbook: 'bug-fixer' })).map((p) => p.budget),
    ['bugs'],
  )
  assert.equal(
    (await host.hooks.beforeStep.promise(step('late', 's', 'budget/reserve', { input: { tokens: 1 } })))
      ?.veto,
    true,
  )
  // A budget/reserve step without an estimate still gates the run, and so do the run's later steps.
  assert.equal((await host.hooks.beforeStep.promise(step('late2', 's1', 'budget/reserve')))?.veto, true)
  assert.equal((await host.hooks.beforeStep.promise(step('late2', 's2', 'dispatch/agent')))?.veto, true)
  const other = step('other', 's1', 'budget/reserve', { playbook: 'triage' })
  assert.equal(await host.hooks.beforeStep.promise(other), undefined)
})

test('without a queue service the paused state is kept and exposed by the budget service', async (t) => {
  const { service } = await boot(t, false)
  await service.record({ source: 'dispatch', playbook: 'bug-fixer', input_tokens: 10_000 })
  assert.equal((await service.status()).find((b) => b.name === 'bugs')!.paused, true)
  assert.equal((await service.paused({ playbook: 'bug-fixer' })).length, 1)
  assert.equal((await service.paused({ playbook: 'other' })).length, 0)
})

test('the plugin registers the enforcer task on a 15-minute cron and the budget command', async (t) => {
  const { host } = await boot(t)
  const task = host.tasks.get('budget.enforce')!.task
  assert.equal(task.schedule, '*/15 * * * *')
  assert.ok(host.lazyCommands.has('budget'))
  assert.ok(host.tapsOf('budget').includes('beforeStep'))
  const out = (await task.handler(undefined, {
    signal: new AbortController().signal,
    host: undefined as never,
  })) as {
    imported: { status: string }
  }
  assert.equal(out.imported.status, 'missing')
})

test('a bad budget in the config fails the boot with a coded error', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: { budget: { budgets: [{ name: 'x', tokens: 5, window: 'fortnightly' }] } },
    }),
  )
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  await assert.rejects(createHost({ loaded, log: silentLogger, dropIns: false }), {
    code: 'TIMMY_ERR_BUDGET_UNKNOWN_WINDOW',
  })
})

test('without a queue, timmy serve runs the enforcer on its own cron and stops it at close', async (t) => {
  const { host } = await boot(t, false)
  await host.hooks.serve.promise({ app: undefined as never, host: '127.0.0.1', port: 0 })
  const job = scheduledJobs.find((j) => j.name === 'budget.enforce')
  assert.ok(job, 'an enforcer job is scheduled')
  assert.equal(job.getPattern(), '*/15 * * * *')
  await host.close()
  assert.equal(job.isStopped(), true)
})

test('with a queue, serve leaves scheduling to the queue', async (t) => {
  const { host } = await boot(t, true)
  await host.hooks.serve.promise({ app: undefined as never, host: '127.0.0.1', port: 0 })
  assert.equal(
    scheduledJobs.some((j) => j.name === 'budget.enforce' && !j.isStopped()),
    false,
  )
})
