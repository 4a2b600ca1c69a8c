import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { sandbox } from '../helpers/temp.js'
import { runHarness, seen, serve } from './_setup.js'
import { BRIDGE_HOOKS, hermesCalls } from './hermes-calls.js'

test('the Python bridge registers its hooks, forwards every event to a running timmy serve, and gets a veto for an exhausted budget', async (t) => {
  const s = await serve(t)
  const calls = [
    ...hermesCalls('s-ok'),
    {
      hook: 'pre_tool_call',
      kwargs: { tool_name: 'terminal', args: { command: 'rm -rf build' }, session_id: 'broke', task_id: 't' },
    },
    {
      hook: 'pre_llm_call',
      kwargs: { session_id: 'broke', user_message: 'go on', conversation_history: [] },
    },
  ]
  // TIMMY_HOME is the sandbox's: the plugin finds the server through the bridge.json timmy serve wrote.
  const out = await runHarness({ calls, flush: 10 }, s.box.env)
  assert.deepEqual(out.registered, BRIDGE_HOOKS)
  for (const r of out.results) assert.equal(r.raised, null, `${r.hook} raised ${r.raised}`)
  assert.equal(out.flushed, true)

  const byHook = (hook: string, i = 0) => out.results.filter((r) => r.hook === hook)[i]
  assert.equal(byHook('pre_tool_call', 0)!.returned, null, 'a session within budget is not blocked')
  assert.deepEqual(byHook('pre_tool_call', 1)!.returned, {
    action: 'block',
    message: 'token budget exhausted (1000 of 1000 tokens)',
  })
  const llm = byHook('pre_llm_call', 1)!.returned as { context: string }
  assert.match(llm.context, /token budget exhausted/)

  const got = await seen(s.url)
  const expected: Record<string, number> = {}
  for (const c of calls) expected[c.hook] = (expected[c.hook] ?? 0) + 1
  assert.deepEqual(got.seen, expected, 'every event arrived, once')

  const post = got.events.find((e) => e.hook === 'post_api_request')!
  assert.equal(post.sessionId, 's-ok')
  const { pid, ...origin } = post.origin!
  assert.deepEqual(origin, { source: 'plugin', profile: 'default', hermesHome: s.box.hermes })
  assert.equal(typeof pid, 'number', 'the Hermes process is named')
  assert.equal(post.payload.response, undefined, 'raw responses are not forwarded')
  const llmCall = got.events.find((e) => e.hook === 'pre_llm_call')!
  assert.equal(llmCall.payload.conversation_history, undefined, 'conversations are not forwarded')
  assert.equal(llmCall.payload.telemetry_schema_version, 'hermes.observer.v1')

  assert.equal(got.usage.length, 1)
  assert.deepEqual(
    { ...got.usage[0], at: undefined },
    {
      source: 'hermes',
      at: undefined,
      model: 'anthropic/claude-sonnet-4.6',
      provider: 'openrouter',
      sessionId: 's-ok',
      key: 'hermes:s-ok:req-7',
      input_tokens: 1000,
      output_tokens: 250,
      cache_read_tokens: 200,
      cache_write_tokens: 0,
      reasoning_tokens: 30,
    },
  )
  const sub = got.events.find((e) => e.hook === 'subagent_stop')!
  assert.equal(sub.sessionId, 's-ok', 'subagent events are filed under the parent session')
  const stats = (await (await fetch(`${s.url}/hermes/events/stats`)).json()) as {
    requests: { http: number; socket: number }
  }
  assert.equal(stats.requests.http, 0, 'found the Unix socket through bridge.json')
  assert.ok(stats.requests.socket >= 4)

  // The same over loopback HTTP (TIMMY_BRIDGE_URL forces it).
  const http = await runHarness({ calls, flush: 10 }, { ...s.box.env, TIMMY_BRIDGE_URL: s.url })
  assert.deepEqual(
    http.results.map((r) => r.returned),
    out.results.map((r) => r.returned),
  )
  const again = await seen(s.url)
  for (const [hook, n] of Object.entries(expected)) assert.equal(again.seen[hook], 2 * n, hook)
  const after = (await (await fetch(`${s.url}/hermes/events/stats`)).json()) as { requests: { http: number } }
  assert.ok(after.requests.http >= 4)
})

test('with timmy stopped, every hook returns, raises nothing and blocks nothing (fail open)', async (t) => {
  const box = sandbox(t)
  const port = await freePort()
  const env = { ...box.env, TIMMY_BRIDGE_URL: `http://127.0.0.1:${port}`, TIMMY_BRIDGE_TIMEOUT_MS: '200' }
  const out = await runHarness({ calls: hermesCalls('s-down'), flush: 2 }, env)
  const noSocket = {
    ...box.env,
    TIMMY_BRIDGE_SOCKET: join(box.root, 'gone.sock'),
    TIMMY_BRIDGE_TIMEOUT_MS: '200',
  }
  const outSocket = await runHarness({ calls: hermesCalls('s-down'), flush: 2 }, noSocket)
  assert.equal(out.results.length, 12)
  for (const r of [...out.results, ...outSocket.results]) {
    assert.equal(r.raised, null)
    assert.equal(r.returned, null, `${r.hook} returned ${JSON.stringify(r.returned)}`)
  }
  assert.equal(out.stats.sent, 0)
  assert.ok((out.stats.unreachable ?? 0) >= 2)
})

test('with timmy hung (accepts, never answers), decisions give up after the timeout and observers do not wait', async (t) => {
  const box = sandbox(t)
  const sockets: Socket[] = []
  const hung = createServer((s) => sockets.push(s))
  const hungUnix = createServer((s) => sockets.push(s))
  const sockPath = join(box.root, 'hung.sock')
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r))
  await new Promise<void>((r) => hungUnix.listen(sockPath, r))
  t.after(() => {
    for (const s of sockets) s.destroy()
    hung.close()
    hungUnix.close()
  })
  const port = (hung.address() as { port: number }).port
  const viaHttp = { ...box.env, TIMMY_BRIDGE_URL: `http://127.0.0.1:${port}`, TIMMY_BRIDGE_TIMEOUT_MS: '200' }
  const viaSocket = { ...box.env, TIMMY_BRIDGE_SOCKET: sockPath, TIMMY_BRIDGE_TIMEOUT_MS: '200' }
  const outs = await Promise.all(
    [viaHttp, viaSocket].map((env) => runHarness({ calls: hermesCalls('s-hung'), flush: 0 }, env)),
  )
  for (const r of outs.flatMap((o) => o.results)) {
    assert.equal(r.raised, null)
    assert.equal(r.returned, null)
    // Not a speed test: only that nothing waits for Hermes' own 60 s hook timeout.
    assert.ok(r.elapsed_ms < 10_000, `${r.hook} took ${r.elapsed_ms} ms`)
  }
})

test('fail closed: with timmy down, pre_tool_call is blocked with a message that says how to fix it', async (t) => {
  const box = sandbox(t)
  const port = await freePort()
  const env = {
    ...box.env,
    TIMMY_BRIDGE_URL: `http://127.0.0.1:${port}`,
    TIMMY_BRIDGE_TIMEOUT_MS: '200',
    TIMMY_BRIDGE_FAIL: 'closed',
  }
  const out = await runHarness({ calls: hermesCalls('s-closed') }, env)
  const tool = out.results.find((r) => r.hook === 'pre_tool_call')!
  assert.deepEqual(Object.keys(tool.returned as object), ['action', 'message'])
  assert.equal((tool.returned as { action: string }).action, 'block')
  assert.match((tool.returned as { message: string }).message, /timmy serve/)
  assert.equal(out.results.find((r) => r.hook === 'post_tool_call')!.returned, null, 'observers never block')
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

test('observer batches that timmy finds too large are split and re-sent: nothing valid is lost', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { bridge: { maxBodyBytes: 4096 } } }),
  )
  const s = await serve(t, box)
  const calls = Array.from({ length: 40 }, (_, i) => ({
    hook: 'post_tool_call',
    kwargs: {
      tool_name: 'write_file',
      args: { content: 'x'.repeat(1500) },
      session_id: 'big',
      tool_call_id: `c${i}`,
    },
  }))
  const out = await runHarness({ calls, flush: 20 }, s.box.env)
  assert.equal(out.flushed, true)
  assert.equal(out.stats.failed, 0)
  assert.equal(out.stats.sent, 40)
  const got = await seen(s.url)
  assert.equal(got.seen.post_tool_call, 40)
  const stats = (await (await fetch(`${s.url}/hermes/events/stats`)).json()) as { tooLarge: number }
  assert.ok(stats.tooLarge >= 1, 'the first batch was over the limit')
})
