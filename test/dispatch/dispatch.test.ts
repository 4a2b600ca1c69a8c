import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { test } from 'node:test'
import type { UsageEvent } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import dispatchPlugin from '../../plugins/dispatch/index.js'
import { runEndpoint } from '../../plugins/dispatch/run-endpoint.js'
import { runHermes } from '../../plugins/dispatch/run-hermes.js'
import { agent } from '../../plugins/dispatch/steps.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { testHost } from '../helpers/host.js'
import { tempDir } from '../helpers/temp.js'

/** The hermes plugin's allow-listed child environment (what the dispatch service passes in). */
const { childEnv } = createHermesService()

/** A stand-in `hermes` executable: behaves as `hermes -z` does, steered by words in the prompt. */
const FAKE_HERMES = `#!${process.execPath}
const fs = require('node:fs')
const args = process.argv.slice(2)
const get = (flag) => args[args.indexOf(flag) + 1]
const prompt = get('-z')
fs.writeFileSync(process.env.HERMES_HOME + '/calls.jsonl', JSON.stringify({ args, env: process.env }) + '\\n', { flag: 'a' })
const usage = { estimated_cost_usd: 0.0123, cost_status: 'estimated', cost_source: 'pricing', input_tokens: 1200, output_tokens: 300,
  cache_read_tokens: 50, cache_write_tokens: 0, reasoning_tokens: 10, total_tokens: 1560, api_calls: 2, model: get('-m') || 'm',
  provider: 'openrouter', session_id: '20260101_000000_abc123', completed: !/exit:/.test(prompt), failed: /exit:/.test(prompt), service_tier: null }
if (/hang/.test(prompt)) setInterval(() => {}, 1000)
else {
  if (!/no-usage/.test(prompt)) fs.writeFileSync(get('--usage-file'), /bad-usage/.test(prompt) ? '{not json' : JSON.stringify(usage))
  const code = /exit:(\\d)/.exec(prompt)
  if (code) { process.stderr.write('hermes -z: failed\\n'); process.exit(Number(code[1])) }
  process.stdout.write('Done: ' + prompt + '\\n')
}
`

function fakeHermes(t: { after(fn: () => void): void }) {
  const dir = tempDir(t)
  const bin = join(dir, 'hermes')
  writeFileSync(bin, FAKE_HERMES)
  chmodSync(bin, 0o755)
  const home = join(dir, 'hermes-home')
  mkdirSync(home, { recursive: true })
  return { bin, home }
}

test('hermes -z: exit codes 0, 1 and 2 map to ok, failed and invalid; usage comes from the usage file', async (t) => {
  const { bin, home } = fakeHermes(t)
  const ok = await runHermes({
    childEnv,
    bin,
    prompt: 'fix it',
    hermesHome: home,
    model: 'qwen3',
    toolsets: ['terminal', 'file'],
    timeoutMs: 20_000,
  })
  assert.equal(ok.outcome, 'ok')
  assert.equal(ok.text, 'Done: fix it')
  assert.equal(ok.usage?.input_tokens, 1200)
  assert.equal(ok.usage?.cost, 0.0123)
  assert.equal(ok.usage?.session_id, '20260101_000000_abc123')
  const call = JSON.parse(readFileSync(join(home, 'calls.jsonl'), 'utf8').split('\n')[0]!) as {
    args: string[]
    env: Record<string, string>
  }
  assert.deepEqual(call.args.slice(0, 6), ['-z', 'fix it', '-m', 'qwen3', '-t', 'terminal,file'])
  assert.equal(call.args[6], '--usage-file')
  assert.equal(call.env.HERMES_HOME, home, 'an explicit HERMES_HOME')
  assert.equal(
    (await runHermes({ childEnv, bin, prompt: 'exit:1', hermesHome: home, timeoutMs: 20_000 })).outcome,
    'failed',
  )
  const two = await runHermes({ childEnv, bin, prompt: 'exit:2', hermesHome: home, timeoutMs: 20_000 })
  assert.equal(two.outcome, 'invalid')
  assert.equal(two.usage?.output_tokens, 300, 'usage is read even when the run fails')
})

test('the agent gets a filtered environment: timmy’s secrets do not reach it', async (t) => {
  const { bin, home } = fakeHermes(t)
  process.env.GITEA_TOKEN = 'tok-should-not-leak'
  t.after(() => delete process.env.GITEA_TOKEN)
  await runHermes({ childEnv, bin, prompt: 'env', hermesHome: home, timeoutMs: 20_000 })
  const text = readFileSync(join(home, 'calls.jsonl'), 'utf8')
  assert.doesNotMatch(text, /tok-should-not-leak/)
})

test('a hung agent is killed at its timeout', async (t) => {
  const { bin, home } = fakeHermes(t)
  const run = await runHermes({ childEnv, bin, prompt: 'hang', hermesHome: home, timeoutMs: 1500 })
  assert.equal(run.outcome, 'timeout')
})

test('a missing hermes binary is a coded error naming the config key', async (t) => {
  await assert.rejects(
    runHermes({
      childEnv,
      bin: join(tempDir(t), 'no-hermes'),
      prompt: 'x',
      hermesHome: tempDir(t),
      timeoutMs: 5000,
    }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TIMMY_ERR_DISPATCH_BINARY_MISSING')
      assert.match(err.message, /pluginOptions\.dispatch\.hermesBin/)
      return true
    },
  )
})

test('a usage file that is not JSON is a coded error', async (t) => {
  const { bin, home } = fakeHermes(t)
  await assert.rejects(
    runHermes({ childEnv, bin, prompt: 'bad-usage', hermesHome: home, timeoutMs: 20_000 }),
    {
      code: 'TIMMY_ERR_DISPATCH_BAD_USAGE_FILE',
    },
  )
})

test('an OpenAI-compatible endpoint: the answer and the usage, cache tokens kept apart', async (t) => {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const parsed = JSON.parse(body) as { model: string }
      res.setHeader('content-type', 'application/json')
      res.end(
        JSON.stringify({
          model: parsed.model,
          choices: [{ message: { content: 'hello' } }],
          usage: { prompt_tokens: 100, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 40 } },
        }),
      )
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  t.after(() => server.close())
  const port = (server.address() as { port: number }).port
  const run = await runEndpoint({
    url: `http://127.0.0.1:${port}/v1`,
    model: 'local',
    prompt: 'hi',
    timeoutMs: 5000,
  })
  assert.equal(run.text, 'hello')
  assert.deepEqual(run.usage, { model: 'local', input_tokens: 60, output_tokens: 7, cache_read_tokens: 40 })
})

test('the agent.dispatch effect: usage reaches the usage hook (the duplicate-PR guard: duplicate-guard.test.ts)', async (t) => {
  const usage: UsageEvent[] = []
  const probe = definePlugin({
    name: 'usage-probe',
    version: '1',
    setup(h) {
      h.hooks.usage.tap('usage-probe', (u) => void usage.push(u))
    },
  })
  const { host } = await testHost(t, {
    plugins: [probe, dispatchPlugin],
    config: { pluginOptions: { dispatch: { mode: 'fake' } } },
  })
  const handler = host.effects.get('agent.dispatch')!.handler
  const done = (await handler(
    { kind: 'agent.dispatch', repo: 'fleet/api', issue: 6, prompt: 'fix #6', lane: 'coder' },
    { dryRun: false },
  )) as { run?: { outcome: string } }
  assert.equal(done.run?.outcome, 'ok')
  assert.equal(usage.length, 1)
  assert.equal(usage[0]!.source, 'fake-agent')
  assert.equal(usage[0]!.lane, 'coder')
})

test('the dispatch/agent step returns an agent.dispatch effect, so a dry run only plans it', async () => {
  const out = await agent({
    item: { repo: 'fleet/api', issue: 3, payload: { issue: { number: 3, title: 'Crash', body: 'boom' } } },
    with: { toolsets: ['terminal'] },
    lane: { name: 'coder', wizard: 'coder', model: 'm1', toolsets: ['terminal', 'file'] },
    run: { runId: 'r1', playbook: 'bug-fixer' },
  })
  assert.equal(out.effects.length, 1)
  assert.deepEqual(
    { ...out.effects[0], prompt: undefined },
    {
      kind: 'agent.dispatch',
      repo: 'fleet/api',
      issue: 3,
      playbook: 'bug-fixer',
      lane: 'coder',
      profile: 'coder',
      model: 'm1',
      toolsets: ['terminal'],
      prompt: undefined,
    },
  )
  assert.match(out.effects[0]!.prompt, /Crash/)
  await assert.rejects(agent({}), /needs a prompt/)
})
