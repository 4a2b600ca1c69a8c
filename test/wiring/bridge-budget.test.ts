/** The Hermes bridge and the real budget plugin: vetoes from an exhausted budget, usage counted once. */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../core/config/load-config.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { startServer } from '../../core/server/create-server.js'
import { addModelUsage, addSession, createHermesStateDb } from '../budget/fixtures/hermes-state-db.js'
import { authHeaders } from '../helpers/bridge-auth.js'
import { sandbox } from '../helpers/temp.js'

async function boot(t: { after(fn: () => unknown): void }, cap = 1000) {
  const box = sandbox(t)
  const options = {
    budget: { budgets: [{ name: 'day', window: 'daily', tokens: cap }], importHermes: false },
    bridge: { socket: false, writeDiscovery: false, vetoTimeoutMs: 10_000 },
  }
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify({ pluginOptions: options }))
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  loaded.paths.home = box.home
  loaded.paths.hermesHome = box.hermes
  mkdirSync(box.hermes, { recursive: true })
  loaded.paths.store = join(box.home, 'timmy.db')
  loaded.paths.plugins = join(box.home, 'plugins')
  const host = await createHost({ loaded, log: silentLogger, dropIns: false })
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 })
  t.after(async () => {
    await server.close()
    await host.close()
  })
  const post = async (body: unknown) => {
    const text = JSON.stringify(body)
    const res = await fetch(`${server.url}/hermes/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(loaded.paths.home, { body: text }) },
      body: text,
    })
    return (await res.json()) as Record<string, any>
  }
  const budget = host.service('budget')!
  const bridge = host.service('bridge')!
  const ledger = async (session: string) =>
    (await host.store()).db
      .prepare(`SELECT source, total_tokens FROM budget_ledger WHERE session_id = ?`)
      .all(session) as { source: string; total_tokens: number }[]
  return { host, post, budget, bridge, ledger, hermesHome: box.hermes }
}

const apiDone = (
  session: string,
  request: string,
  input: number,
  output: number,
  model = 'anthropic/claude',
) => ({
  hook: 'post_api_request',
  kwargs: {
    session_id: session,
    api_request_id: request,
    model,
    usage: { input_tokens: input, output_tokens: output },
  },
})
const toolCall = (session: string) => ({
  hook: 'pre_tool_call',
  kwargs: { tool_name: 'terminal', args: { command: 'ls' }, session_id: session },
})

test('an exhausted budget blocks pre_tool_call through /hermes/events, and usage lands in the ledger once', async (t) => {
  const s = await boot(t)
  const before = await s.post(toolCall('s1'))
  assert.equal(before.ok, true)
  assert.equal(before.reply, null, 'a fresh budget lets the tool call through')

  // The same post_api_request twice (a client retry) counts once.
  await s.post(apiDone('s1', 'r1', 700, 400))
  await s.post(apiDone('s1', 'r1', 700, 400))
  const rows = await s.ledger('s1')
  assert.equal(rows.length, 1, 'one ledger row for one API call')
  assert.equal(rows[0]!.total_tokens, 1100)
  const [status] = await s.budget.status()
  assert.equal(status!.spentTokens, 1100)

  const after = await s.post(toolCall('s2'))
  assert.equal(after.ok, true)
  assert.equal(after.reply.action, 'block', 'the exhausted budget vetoes the tool call')
  assert.match(after.reply.message, /day/)
  const inProcess = await s.bridge.handle(toolCall('s3'))
  assert.equal(
    (inProcess as { reply?: { action?: string } }).reply?.action,
    'block',
    'the in-process handle answers the same',
  )
  assert.equal(s.bridge.stats().vetoes, 2)
})

test("a session the bridge reported is not counted again when the enforcer imports Hermes' state.db", async (t) => {
  const s = await boot(t, 1_000_000)
  const sid = '20261128_110000_a1b2c3'
  await s.post(apiDone(sid, 'r1', 700, 400))
  const now = Math.floor(Date.now() / 1000)
  const db = createHermesStateDb(join(s.hermesHome, 'state.db'))
  addSession(db, { id: sid, started_at: now - 600 })
  addModelUsage(db, {
    session_id: sid,
    model: 'anthropic/claude',
    input: 700,
    output: 400,
    cost: 0.01,
    at: now - 60,
  })
  // Another session Hermes ran without the bridge is imported.
  addSession(db, { id: '20261128_120000_ffffff', started_at: now - 300 })
  addModelUsage(db, {
    session_id: '20261128_120000_ffffff',
    model: 'anthropic/claude',
    input: 50,
    output: 50,
    cost: 0.001,
    at: now - 30,
  })
  db.close()
  const imported = await s.budget.importHermes()
  assert.equal(imported.status, 'imported')
  assert.equal(imported.records, 1, 'only the session the bridge never reported')
  assert.equal((await s.ledger(sid)).length, 1, 'the bridge-reported session stays one ledger row')
  assert.equal((await s.budget.status())[0]!.spentTokens, 1100 + 100)
})

test('tokens a session has in flight count: a call that would overshoot the cap is vetoed', async (t) => {
  const s = await boot(t)
  await s.post(apiDone('s1', 'r1', 500, 100))
  assert.equal((await s.post(toolCall('s1'))).reply, null, '600 of 1000 spent: allowed')
  await s.post({
    hook: 'pre_api_request',
    kwargs: { session_id: 's1', api_request_id: 'r2', approx_input_tokens: 300, max_tokens: 200 },
  })
  const blocked = await s.post(toolCall('s1'))
  assert.equal(blocked.reply?.action, 'block', '600 spent + 500 in flight > 1000')
  assert.equal((await s.post(toolCall('other'))).reply, null, 'another session has nothing in flight')
  await s.post(apiDone('s1', 'r2', 100, 50))
  assert.equal((await s.post(toolCall('s1'))).reply, null, 'settled: 750 of 1000')
})

test('an exempt (local) model is never vetoed and does not count against the budget', async (t) => {
  const s = await boot(t, 100)
  await s.post(apiDone('paid', 'r1', 200, 0))
  assert.equal((await s.post(toolCall('paid'))).reply?.action, 'block')
  await s.post({
    hook: 'on_session_start',
    kwargs: { session_id: 'local', model: 'ollama/qwen', platform: 'cli' },
  })
  await s.post(apiDone('local', 'r1', 5000, 5000, 'ollama/qwen'))
  assert.equal((await s.post(toolCall('local'))).reply, null, 'an ollama session is exempt')
  const [status] = await s.budget.status()
  assert.equal(status!.spentTokens, 200, 'exempt usage is not counted')
})

test('budget status can be narrowed to the budgets that apply to a lane', async (t) => {
  const s = await boot(t)
  assert.deepEqual(
    (await s.budget.status({ lane: 'coder' })).map((b) => b.name),
    ['day', 'day:coder'],
    "a global budget applies to every lane, and so does the lane's share of it (shipped lanes.yaml)",
  )
})
