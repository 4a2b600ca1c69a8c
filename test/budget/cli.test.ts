import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Sqlite from 'better-sqlite3'
import { openStoreSync } from '../../core/store/store.js'
import { createBudgetCore } from '../../plugins/budget/core.js'
import { parseBudgets } from '../../plugins/budget/parse-budgets.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const BUDGETS = [
  { name: 'bugs', scope: 'pipeline' as const, match: 'bug-fixer', window: 'daily', tokens: 10_000 },
  { name: 'spend', window: 'monthly', cost: 5 },
]

function seed(box: Sandbox) {
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { budget: { budgets: BUDGETS } } }),
  )
  const store = openStoreSync(Sqlite, join(box.home, 'timmy.db'))
  const core = createBudgetCore({ store, budgets: parseBudgets(BUDGETS), hermesHome: box.hermes })
  core.record({
    source: 'dispatch',
    playbook: 'bug-fixer',
    lane: 'coder',
    model: 'anthropic/claude-sonnet-4.6',
    input_tokens: 4_000,
    output_tokens: 1_000,
    cost: 0.5,
  })
  core.record({
    source: 'dispatch',
    playbook: 'triage',
    lane: 'triager',
    model: 'openai/gpt-5-mini',
    input_tokens: 200,
    output_tokens: 50,
    cost: 0.01,
  })
  core.reserve({ id: 'held', tokens: 2_000, playbook: 'bug-fixer' })
  store.close()
}

test('timmy budget status prints each budget with spent, reserved, cap, percent and a bar; --json gives the numbers', async (t) => {
  const box = sandbox(t)
  seed(box)
  const text = await runCli(['budget', 'status'], { cwd: box.cwd, env: box.env })
  assert.equal(text.code, 0, text.stderr)
  const line = text.stdout.split('\n').find((l) => l.startsWith('bugs'))!
  assert.match(line, /5000\s+2000\s+10000\s+50\.0\s+\[##########\.{10}\]/)
  const json = await runCli(['budget', 'status', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(json.code, 0, json.stderr)
  const { budgets } = JSON.parse(json.stdout) as {
    budgets: { name: string; spentTokens: number; spentCost: number; percent: number; capCost?: number }[]
  }
  assert.deepEqual(
    budgets.filter((b) => !b.name.includes(':')).map((b) => [b.name, b.spentTokens, b.percent]),
    [
      ['bugs', 5_000, 50],
      ['spend', 5_250, 10.2],
    ],
  )
  // The shipped lanes' shares of the global budget are lane budgets of their own.
  assert.equal(budgets.find((b) => b.name === 'spend:coder')?.capCost, 2.5, 'coder: 0.5 of $5')
})

test('timmy budget report groups the ledger by model, as CSV and JSON, and reset is audited', async (t) => {
  const box = sandbox(t)
  seed(box)
  const csv = await runCli(['budget', 'report', '--by', 'model', '--csv'], { cwd: box.cwd, env: box.env })
  assert.equal(csv.code, 0, csv.stderr)
  const rows = csv.stdout.trim().split('\n')
  assert.equal(
    rows[0],
    'model,records,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,total_tokens,cost_usd,estimated_cost_usd',
  )
  assert.equal(rows[1], 'anthropic/claude-sonnet-4.6,1,4000,1000,0,0,0,5000,0.500000,0.000000')
  const json = await runCli(['budget', 'report', '--by', 'day', '--since', '7d', '--json'], {
    cwd: box.cwd,
    env: box.env,
  })
  const report = JSON.parse(json.stdout) as { rows: { total_tokens: number }[] }
  assert.equal(report.rows.length, 1)
  assert.equal(report.rows[0]!.total_tokens, 5_250)

  const reset = await runCli(['budget', 'reset', 'bugs', '--reason', 'new sprint'], {
    cwd: box.cwd,
    env: { ...box.env, TIMMY_ACTOR: 'tester' },
  })
  assert.equal(reset.code, 0, reset.stderr)
  const db = new Sqlite(join(box.home, 'timmy.db'), { readonly: true })
  t.after(() => db.close())
  assert.deepEqual(db.prepare(`SELECT budget, actor, reason, spent_tokens_before FROM budget_resets`).all(), [
    { budget: 'bugs', actor: 'cli:tester', reason: 'new sprint', spent_tokens_before: 5_000 },
  ])
})

test('bad usage of timmy budget exits 2 with a coded error and no stack', async (t) => {
  const box = sandbox(t)
  seed(box)
  for (const args of [
    ['budget', 'explode'],
    ['budget', 'report', '--by', 'week'],
    ['budget', 'report', '--since', 'yesterday-ish'],
    ['budget', 'reset', 'bug'],
  ]) {
    const r = await runCli(args, { cwd: box.cwd, env: box.env })
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, /TIMMY_ERR_(CLI_BAD_ARGS|BUDGET_UNKNOWN)/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  }
})

test('timmy budget status reads the state from the running totals: spent + reserved at the cap is exhausted before the enforcer runs', async (t) => {
  const box = sandbox(t)
  const budgets = [
    { name: 'evals', scope: 'pipeline' as const, match: 'eval', window: 'hourly', tokens: 40 },
    { name: 'held', scope: 'pipeline' as const, match: 'fixer', window: 'daily', tokens: 100 },
  ]
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { budget: { budgets } } }),
  )
  // Usage recorded under a roomier cap (another process, or the config before it was tightened):
  // no enforcer ran against the cap that holds now.
  const store = openStoreSync(Sqlite, join(box.home, 'timmy.db'))
  const roomy = parseBudgets(budgets.map((b) => ({ ...b, tokens: 1_000_000 })))
  const core = createBudgetCore({ store, budgets: roomy, hermesHome: box.hermes })
  core.record({ source: 'eval', playbook: 'eval', model: 'm', input_tokens: 30, output_tokens: 20 })
  core.record({ source: 'step', playbook: 'fixer', model: 'm', input_tokens: 60 })
  core.reserve({ id: 'r1', tokens: 40, playbook: 'fixer' })
  store.close()

  const json = await runCli(['budget', 'status', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(json.code, 0, json.stderr)
  const rows = (JSON.parse(json.stdout) as { budgets: { name: string; state: string; paused: boolean }[] })
    .budgets
  const of = (name: string) => rows.find((r) => r.name === name)!
  assert.deepEqual([of('evals').state, of('evals').paused], ['exhausted', true], 'spent 50 of 40')
  assert.deepEqual(
    [of('held').state, of('held').paused],
    ['exhausted', true],
    'spent 60 + reserved 40 of 100',
  )

  const text = await runCli(['budget', 'status'], { cwd: box.cwd, env: box.env })
  assert.match(text.stdout.split('\n').find((l) => l.startsWith('evals'))!, /exhausted\s*$/)
})
