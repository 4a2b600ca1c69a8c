import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'
import { addModelUsage, addSession, createHermesStateDb } from './fixtures/hermes-state-db.js'

const BUDGETS = [{ name: 'spend', window: 'monthly', cost: 5 }]
const NOW = Date.now() / 1000

test('Hermes spend with actual_cost_usd 0.0 is imported at its estimate, and budget report says it is one', async (t) => {
  const box = sandbox(t)
  const config = { pluginOptions: { budget: { budgets: BUDGETS } } }
  const hermes = createHermesStateDb(join(box.hermes, 'state.db'))
  t.after(() => hermes.close())
  // As Hermes writes a session whose actual cost it does not know: actual 0.0, the estimate beside it.
  addSession(hermes, {
    id: 's-estimated',
    started_at: NOW - 600,
    ended_at: NOW - 60,
    model: 'anthropic/claude-sonnet-4.6',
    input_tokens: 1000,
    output_tokens: 200,
    estimated_cost_usd: 0.25,
    actual_cost_usd: 0.0,
    cost_status: 'estimated',
  })
  // A per-model row the same way (session_model_usage: actual 0.0, estimate 0.5).
  addSession(hermes, { id: 's-model', started_at: NOW - 300, model: 'openai/gpt-5-mini' })
  addModelUsage(hermes, {
    session_id: 's-model',
    model: 'openai/gpt-5-mini',
    input: 10,
    output: 5,
    cost: 0.5,
    at: NOW - 30,
  })
  hermes.prepare(`UPDATE session_model_usage SET actual_cost_usd = 0.0`).run()
  // A session whose actual cost Hermes knows.
  addSession(hermes, {
    id: 's-actual',
    started_at: NOW - 600,
    ended_at: NOW - 60,
    model: 'openai/gpt-5',
    input_tokens: 100,
    output_tokens: 10,
    estimated_cost_usd: 0.9,
    actual_cost_usd: 0.125,
    cost_status: 'actual',
  })

  const { host } = await testHost(t, { box, builtins: true, config })
  const budget = host.service('budget')!
  const imported = await budget.importHermes()
  assert.equal(imported.records, 3)
  const [status] = await budget.status()
  assert.equal(status!.spentCost, 0.25 + 0.5 + 0.125)
  await host.close('test')

  const json = await runCli(['budget', 'report', '--by', 'model', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(json.code, 0, json.stderr)
  const rows = (
    JSON.parse(json.stdout) as { rows: { key: string; cost_usd: number; estimated_cost_usd: number }[] }
  ).rows
  const by = Object.fromEntries(rows.map((r) => [r.key, [r.cost_usd, r.estimated_cost_usd]]))
  assert.deepEqual(by, {
    'anthropic/claude-sonnet-4.6': [0.25, 0.25],
    'openai/gpt-5-mini': [0.5, 0.5],
    'openai/gpt-5': [0.125, 0],
  })
  const text = await runCli(['budget', 'report', '--by', 'model'], { cwd: box.cwd, env: box.env })
  assert.equal(text.code, 0, text.stderr)
  const line = (key: string) => text.stdout.split('\n').find((l) => l.startsWith(`${key} `))!
  assert.match(line('openai/gpt-5-mini'), /0\.500000\s+0\.500000$/)
  assert.match(line('openai/gpt-5'), /0\.125000\s+-$/)
  assert.match(text.stdout, /estimate/i)
})
