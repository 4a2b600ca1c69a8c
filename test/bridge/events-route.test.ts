import assert from 'node:assert/strict'
import { readFileSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../core/config/load-config.js'
import { type HermesEvent, STAGE, type UsageEvent } from '../../core/hooks.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { definePlugin, type Plugin } from '../../core/plugin.js'
import { startServer } from '../../core/server/create-server.js'
import type { BridgeStats } from '../../plugins/bridge/bridge-stats.js'
import type { VetoQuery } from '../../plugins/bridge/bridge-veto.js'
import { authHeaders } from '../helpers/bridge-auth.js'
import { sandbox } from '../helpers/temp.js'

interface Observed {
  events: HermesEvent[]
  usage: UsageEvent[]
  queries: VetoQuery[]
}

/** A real host (built-in bridge + stand-ins) and a real HTTP server on 127.0.0.1:0. */
async function start(
  t: { after(fn: () => unknown): void },
  options: {
    bridge?: Record<string, unknown>
    observer?: (e: HermesEvent) => unknown
    checkVeto?: (q: VetoQuery) => unknown
  } = {},
) {
  const box = sandbox(t)
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  loaded.paths.home = box.home
  loaded.paths.store = `${box.home}/timmy.db`
  loaded.config.pluginOptions = options.bridge ? { bridge: options.bridge } : {}
  const seen: Observed = { events: [], usage: [], queries: [] }
  const standIn: Plugin = definePlugin({
    name: 'standin',
    version: '0.0.0',
    setup(host) {
      host.hooks.hermesEvent.tapPromise('standin', async (e) => {
        seen.events.push(e)
        await options.observer?.(e)
      })
      host.hooks.usage.tap('standin', (u) => {
        seen.usage.push(u)
      })
      // A veto source of the test's own, on the same bail hook policy and budget tap.
      host.hooks.beforeToolCall.tapPromise({ name: 'standin', stage: STAGE.policy }, async (q) => {
        seen.queries.push(q)
        const d = (await (options.checkVeto
          ? options.checkVeto(q)
          : q.sessionId === 'broke'
            ? { veto: true, reason: 'token budget exhausted' }
            : { veto: false })) as { veto?: boolean; reason?: string } | undefined
        return d?.veto ? { veto: true, reason: d.reason ?? 'vetoed' } : undefined
      })
    },
  })
  const host = await createHost({ loaded, log: silentLogger, dropIns: false, plugins: [standIn] })
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 })
  t.after(async () => {
    await server.close()
    await host.close()
  })
  const post = async (body: unknown, raw = false) => {
    const text = raw ? (body as string) : JSON.stringify(body)
    const res = await fetch(`${server.url}/hermes/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(loaded.paths.home, { body: text }) },
      body: text,
    })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }
  const stats = async () => (await (await fetch(`${server.url}/hermes/events/stats`)).json()) as BridgeStats
  return { url: server.url, post, stats, seen, host }
}

const tool = (session: string, extra: Record<string, unknown> = {}) => ({
  hook: 'pre_tool_call',
  kwargs: { tool_name: 'terminal', args: { command: 'ls' }, session_id: session, ...extra },
})

test('events with wrong types are refused with a coded error and counted, and never reach observers', async (t) => {
  const s = await start(t)
  const bad = [
    { hook: 'pre_tool_call', kwargs: { tool_name: 42 } },
    { hook: 'pre_tool_call', kwargs: { tool_name: 'terminal', args: 'rm -rf /' } },
    { hook: 'post_api_request', kwargs: { usage: 'lots' } },
    { hook: 'post_api_request', kwargs: { usage: { input_tokens: 'ten' } } },
    { hook: 'post_tool_call', kwargs: { tool_name: 'x', duration_ms: 'fast' } },
    { hook: 'on_session_end', kwargs: { completed: 'yes' } },
    { hook: 'pre_verify', kwargs: { changed_paths: 'a.ts' } },
    { hook: 'pre_tool_call', kwargs: [] },
    { hook: 'pre_tool_call' },
    { hook: 7, kwargs: {} },
    { hook: 'Pre Tool Call!', kwargs: {} },
  ]
  for (const b of bad) {
    const r = await s.post(b)
    assert.equal(r.status, 400, JSON.stringify(b))
    assert.equal(r.body.ok, false)
    assert.equal(r.body.error.code, 'TIMMY_ERR_HERMES_EVENT_INVALID', JSON.stringify(b))
  }
  const str = await s.post('a string')
  assert.equal(str.body.error.code, 'TIMMY_ERR_HERMES_EVENT_MALFORMED', 'a body that is no event at all')
  const first = await s.post(bad[0])
  assert.equal(first.body.error.path, 'kwargs.tool_name')
  assert.equal(s.seen.events.length, 0)
  const st = await s.stats()
  assert.equal(st.invalid, bad.length + 1)
  assert.equal(st.accepted, 0)
})

test('unknown hook names are ignored and counted by name; known hooks are accepted', async (t) => {
  const s = await start(t)
  const r = await s.post([
    { hook: 'gateway_reboot', kwargs: {} },
    { hook: 'gateway_reboot', kwargs: { a: 1 } },
    { hook: 'on_session_start', kwargs: { session_id: 's', model: 'm', platform: 'cli', newer_kwarg: [1] } },
  ])
  assert.equal(r.status, 200)
  assert.equal(r.body.accepted, 1)
  assert.equal(r.body.ignored, 2)
  const st = await s.stats()
  assert.equal(st.unknown, 2)
  assert.deepEqual(st.unknownByName, { gateway_reboot: 2 })
  assert.deepEqual(st.acceptedByHook, { on_session_start: 1 })
  assert.deepEqual(
    s.seen.events.map((e) => e.hook),
    ['on_session_start'],
  )
})

test('huge bodies, oversized batches and malformed JSON are refused before any work, and counted', async (t) => {
  const s = await start(t, { bridge: { maxBodyBytes: 64 * 1024, maxBatch: 50 } })
  const huge = await s.post(tool('s', { args: { blob: 'x'.repeat(200 * 1024) } }))
  assert.equal(huge.status, 413)
  assert.equal(huge.body.error.code, 'TIMMY_ERR_HERMES_EVENT_TOO_LARGE')
  const batch = await s.post(Array.from({ length: 51 }, () => tool('s')))
  assert.equal(batch.status, 413)
  assert.equal(batch.body.error.code, 'TIMMY_ERR_HERMES_BATCH_TOO_LARGE')
  const junk = await s.post('{"hook": "pre_tool_call", "kwargs": {', true)
  assert.equal(junk.status, 400)
  assert.equal(junk.body.error.code, 'TIMMY_ERR_HERMES_EVENT_MALFORMED')
  const proto = await s.post('{"hook":"pre_tool_call","kwargs":{"__proto__":{"x":1}}}', true)
  assert.equal(proto.status, 400)
  const st = await s.stats()
  assert.equal(st.tooLarge, 2)
  assert.equal(st.malformed, 2)
  assert.equal(s.seen.events.length, 0)
})

test('a flood of 10,000 valid events mixed with junk: every valid one reaches the observers exactly once, and the counters add up', async (t) => {
  const s = await start(t)
  const valid: unknown[] = []
  for (let i = 0; i < 10_000; i++) {
    valid.push(
      i % 3 === 0
        ? {
            hook: 'post_tool_call',
            kwargs: { tool_name: 'terminal', session_id: `s${i % 7}`, tool_call_id: `c${i}` },
          }
        : { hook: 'on_session_start', kwargs: { session_id: `s${i}`, model: 'm', platform: 'cli' } },
    )
  }
  const junk = Array.from({ length: 500 }, (_, i) => ({ hook: 'pre_tool_call', kwargs: { tool_name: i } }))
  const unknown = Array.from({ length: 500 }, () => ({ hook: 'not_a_hook', kwargs: {} }))
  // 1,000 single HTTP requests (32 at a time, with the junk), 4,000 single lines pipelined on the
  // Unix socket, 5,000 in HTTP batches of 250 (with the unknown hooks).
  const singles = [...valid.slice(0, 1000), ...junk]
  const lined = valid.slice(1000, 5000)
  const batches: unknown[][] = []
  const rest = [...valid.slice(5000), ...unknown]
  for (let i = 0; i < rest.length; i += 250) batches.push(rest.slice(i, i + 250))
  let next = 0
  const statuses: Record<number, number> = {}
  const worker = async () => {
    while (next < singles.length) {
      const r = await s.post(singles[next++])
      statuses[r.status] = (statuses[r.status] ?? 0) + 1
    }
  }
  const socketPath = JSON.parse(readFileSync(join(s.host.loaded.paths.home, 'bridge.json'), 'utf8')).socket
  const c = await lines(socketPath)
  c.sock.write(lined.map((e) => `${JSON.stringify(e)}\n`).join(''))
  await Promise.all([...Array.from({ length: 32 }, worker), ...batches.map((b) => s.post(b)), c.until(4000)])
  c.sock.destroy()
  assert.deepEqual(statuses, { 200: 1000, 400: 500 })
  assert.ok(c.got.every((a) => a.status === 200 && a.ok === true))
  assert.equal(s.seen.events.length, 10_000)
  const ids = new Set(s.seen.events.map((e) => `${e.hook}:${e.payload.tool_call_id ?? e.payload.session_id}`))
  assert.equal(ids.size, 10_000, 'no event delivered twice')
  const st = await s.stats()
  assert.equal(st.received, 11_000)
  assert.equal(st.accepted, 10_000)
  assert.equal(st.invalid, 500)
  assert.equal(st.unknown, 500)
  assert.equal(st.shed, 0)
  assert.equal(st.inFlight, 0)
})

test('beyond maxInFlight a request is refused with 503 and counted as shed; the ones in flight all complete', async (t) => {
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  let entered = 0
  const s = await start(t, {
    bridge: { maxInFlight: 3 },
    observer: async () => {
      entered++
      await gate
    },
  })
  const held = [1, 2, 3].map((i) => s.post({ hook: 'on_session_start', kwargs: { session_id: `h${i}` } }))
  while (entered < 3) await new Promise((r) => setImmediate(r))
  const refused = await s.post({ hook: 'on_session_start', kwargs: { session_id: 'late' } })
  assert.equal(refused.status, 503)
  assert.equal(refused.body.error.code, 'TIMMY_ERR_HERMES_BRIDGE_OVERLOADED')
  release()
  for (const r of await Promise.all(held)) assert.equal(r.status, 200)
  const st = await s.stats()
  assert.equal(st.shed, 1)
  assert.equal(st.accepted, 3)
})

test('a veto from a veto service blocks pre_tool_call; its in-flight API calls are counted as reserved', async (t) => {
  const s = await start(t)
  await s.post({
    hook: 'pre_api_request',
    kwargs: { session_id: 'long', api_request_id: 'r1', approx_input_tokens: 3000, max_tokens: 1000 },
  })
  await s.post(tool('long'))
  assert.equal(s.seen.queries.at(-1)!.reservedTokens, 4000)
  assert.equal(s.seen.queries.at(-1)!.toolName, 'terminal')
  await s.post({
    hook: 'post_api_request',
    kwargs: { session_id: 'long', api_request_id: 'r1', usage: { input_tokens: 2900, output_tokens: 700 } },
  })
  await s.post(tool('long'))
  assert.equal(s.seen.queries.at(-1)!.reservedTokens, 0, 'released once Hermes reported the call')
  assert.deepEqual(
    s.seen.usage.map((u) => [u.sessionId, u.input_tokens, u.output_tokens]),
    [['long', 2900, 700]],
  )
  const vetoed = await s.post(tool('broke'))
  assert.deepEqual(vetoed.body, { ok: true, reply: { action: 'block', message: 'token budget exhausted' } })
  const llm = await s.post({ hook: 'pre_llm_call', kwargs: { session_id: 'broke' } })
  assert.match(llm.body.reply.context, /token budget exhausted/)
  assert.equal((await s.stats()).vetoes, 2)
})

test('a veto tap that throws or hangs: fail open lets the call go on, fail closed blocks it; both counted', async (t) => {
  const open = await start(t, {
    bridge: { vetoTimeoutMs: 50 },
    checkVeto: (q) => {
      if (q.sessionId === 'hang') return new Promise(() => {})
      throw new Error('ledger unavailable')
    },
  })
  assert.equal((await open.post(tool('x'))).body.reply, null)
  assert.equal((await open.post(tool('hang'))).body.reply, null)
  assert.equal((await open.stats()).vetoErrors, 2)
  const closed = await start(t, {
    bridge: { failPolicy: 'closed' },
    checkVeto: () => {
      throw new Error('ledger unavailable')
    },
  })
  const r = await closed.post(tool('x'))
  assert.equal(r.body.reply.action, 'block')
  assert.match(r.body.reply.message, /ledger unavailable/)
})

/** A line client for $TIMMY_HOME/bridge.sock. */
async function lines(path: string) {
  const sock = connect(path)
  await new Promise<void>((r) => sock.once('connect', () => r()))
  const got: Record<string, any>[] = []
  let buf = ''
  let closed = false
  sock.on('data', (d) => {
    buf += d
    let i = buf.indexOf('\n')
    while (i !== -1) {
      got.push(JSON.parse(buf.slice(0, i)))
      buf = buf.slice(i + 1)
      i = buf.indexOf('\n')
    }
  })
  sock.on('close', () => (closed = true))
  const until = async (n: number) => {
    while (got.length < n && !closed) await new Promise((r) => setTimeout(r, 5))
    return got
  }
  return { sock, got, until, isClosed: () => closed }
}

test('the Unix socket (mode 0600, named in bridge.json) answers newline-delimited events in order, survives junk lines, and closes on an oversized one', async (t) => {
  const s = await start(t, { bridge: { maxBodyBytes: 4096 } })
  const discovery = JSON.parse(readFileSync(join(s.host.loaded.paths.home, 'bridge.json'), 'utf8'))
  assert.equal(discovery.url, s.url)
  const path = discovery.socket as string
  assert.equal(statSync(path).mode & 0o777, 0o600)

  const c = await lines(path)
  c.sock.write(
    `${JSON.stringify(tool('ok'))}\n{not json\n${JSON.stringify(tool('broke'))}\n` +
      `${JSON.stringify([
        { hook: 'on_session_start', kwargs: { session_id: 'b' } },
        { hook: 'zzz', kwargs: {} },
      ])}\n`,
  )
  const got = await c.until(4)
  assert.deepEqual(got[0], { status: 200, ok: true, reply: null })
  assert.equal(got[1]!.status, 400)
  assert.equal(got[1]!.error.code, 'TIMMY_ERR_HERMES_EVENT_MALFORMED')
  assert.deepEqual(got[2]!.reply, { action: 'block', message: 'token budget exhausted' })
  assert.equal(got[3]!.accepted, 1)
  assert.equal(got[3]!.ignored, 1)

  c.sock.write(`${'x'.repeat(10_000)}\n${JSON.stringify(tool('after'))}\n`)
  await c.until(5)
  assert.equal(got[4]!.status, 413)
  while (!c.isClosed()) await new Promise((r) => setTimeout(r, 5))
  const st = await s.stats()
  assert.deepEqual(st.requests, { http: 0, socket: 3 }, 'bodies that parsed')
  assert.equal(st.malformed, 1)
  assert.equal(st.tooLarge, 1)
  assert.equal(st.accepted, 3, 'nothing after the oversized line was processed')
  assert.equal(got.length, 5)
})
