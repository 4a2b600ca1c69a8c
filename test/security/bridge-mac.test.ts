// Issue 16 follow-up: a root client sent its secret to another user's listener; the secret crossed the wire.
/**
 * `pidIsOurs` used kill(pid, 0), which succeeds for any pid as root: a root `timmy hook` trusted a
 * `bridge.json` naming another user's process and sent it `Authorization: Bearer <secret>` and the
 * prompt. Now the pid's owner is compared (Linux: /proc/<pid>/status), and the secret never crosses the
 * wire: requests carry `Authorization: Timmy ts,nonce,mac`, checked within ±60 s, each nonce once; the
 * Bearer form only with `server.acceptBearer`.
 */
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { join } from 'node:path'
import { test } from 'node:test'
import { macOf, sha256Hex, signRequest } from '../../core/server/secret.js'
import { runHarness } from '../bridge/_setup.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { otherUserUnavailable, spawnAsOther } from './_other-user.js'

const SECRET = 'b'.repeat(64)
const PRE_LLM = JSON.stringify({
  hook_event_name: 'pre_llm_call',
  tool_name: null,
  tool_input: null,
  session_id: 's',
  cwd: '/tmp',
  extra: { user_message: 'the private prompt' },
})
const SPEND = JSON.stringify({
  hook: 'post_api_request',
  kwargs: { session_id: 's', api_request_id: 1, usage: { input_tokens: 10, output_tokens: 0 } },
})

function home(box: Sandbox): void {
  mkdirSync(box.home, { recursive: true, mode: 0o700 })
  writeFileSync(join(box.home, 'secret'), `${SECRET}\n`, { mode: 0o600 })
}

/** A listener of ours that records each request's headers and body. */
async function recorder(t: {
  after(fn: () => unknown): void
}): Promise<{ url: string; got: { headers: Record<string, unknown>; body: string }[] }> {
  const got: { headers: Record<string, unknown>; body: string }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      res.setHeader('content-type', 'application/json')
      res.end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, got }
}

test('timmy hook signs its request; the secret itself is not sent', async (t) => {
  const box = sandbox(t)
  home(box)
  const rec = await recorder(t)
  const r = await runCli(['hook', '--url', rec.url], { cwd: box.cwd, env: box.env, input: PRE_LLM })
  assert.equal(r.code, 0)
  assert.equal(rec.got.length, 1, 'the hook posted once')
  const sent = rec.got[0]!
  assert.equal(JSON.stringify(sent).includes(SECRET), false, 'no secret in the headers or body')
  const auth = String(sent.headers.authorization)
  const m = /^Timmy ts=(\d+),nonce=([0-9a-f]+),mac=([0-9a-f]{64})$/.exec(auth)
  assert.ok(m, auth)
  assert.equal(m[3], macOf(SECRET, Number(m[1]), m[2]!, 'POST', '/hermes/events', sha256Hex(sent.body)))
})

test('the timmy-bridge Python plugin signs its request; the secret itself is not sent', async (t) => {
  const box = sandbox(t)
  home(box)
  const rec = await recorder(t)
  const env: NodeJS.ProcessEnv = { ...box.env, TIMMY_BRIDGE_URL: rec.url, TIMMY_BRIDGE_TIMEOUT_MS: '2000' }
  delete env.TIMMY_BRIDGE_SOCKET
  await runHarness(
    { calls: [{ hook: 'pre_llm_call', kwargs: { session_id: 's', user_message: 'the private prompt' } }] },
    env,
  )
  assert.ok(rec.got.length >= 1, 'the plugin posted')
  for (const sent of rec.got) {
    assert.equal(JSON.stringify(sent).includes(SECRET), false, 'no secret in the headers or body')
    const m = /^Timmy ts=(\d+),nonce=([0-9a-f]+),mac=([0-9a-f]{64})$/.exec(String(sent.headers.authorization))
    assert.ok(m, String(sent.headers.authorization))
    assert.equal(m[3], macOf(SECRET, Number(m[1]), m[2]!, 'POST', '/hermes/events', sha256Hex(sent.body)))
  }
})

function send(url: string, auth: string, body = SPEND): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/hermes/events', url),
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: auth } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function serve(t: { after(fn: () => unknown): void }, box: Sandbox, config: object): Promise<string> {
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(config))
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  return url!
}

test('timmy serve takes a signed request once, within the window, for that body; Bearer only when allowed', async (t) => {
  const box = sandbox(t)
  const url = await serve(t, box, {})
  const secret = readFileSync(join(box.home, 'secret'), 'utf8').trim()
  const signed = signRequest(secret, 'POST', '/hermes/events', SPEND)
  assert.equal(await send(url, signed), 200)
  assert.equal(await send(url, signed), 401, 'a replayed signature is refused')
  assert.equal(
    await send(url, signRequest(secret, 'POST', '/hermes/events', SPEND), SPEND.replace('10', '99')),
    401,
    'a signature over another body is refused',
  )
  assert.equal(
    await send(url, signRequest(secret, 'POST', '/hermes/events', SPEND, Date.now() - 120_000)),
    401,
    'a stale signature is refused',
  )
  assert.equal(await send(url, signRequest(secret, 'POST', '/other', SPEND)), 401, 'signed for another path')
  assert.equal(await send(url, `Bearer ${secret}`), 401, 'the bare secret is refused by default')

  const box2 = sandbox(t)
  const url2 = await serve(t, box2, { server: { acceptBearer: true } })
  const secret2 = readFileSync(join(box2.home, 'secret'), 'utf8').trim()
  assert.equal(await send(url2, `Bearer ${secret2}`), 200, 'server.acceptBearer: operators may curl')
})

test("a root timmy hook sends nothing to another user's listener named by bridge.json", async (t) => {
  const why = otherUserUnavailable()
  if (why) return t.skip(why)
  const box = sandbox(t)
  home(box)
  chmodSync(box.root, 0o755)
  const other: ChildProcess = spawnAsOther(`
    const http = require('node:http')
    const server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => { console.log(JSON.stringify({ headers: req.headers, body })); res.end('{"ok":true}') })
    })
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
  `)
  t.after(() => other.kill('SIGKILL'))
  const lines: string[] = []
  const port = await new Promise<number>((resolve, reject) => {
    let buf = ''
    other.stdout!.on('data', (d) => {
      buf += d
      let nl = buf.indexOf('\n')
      while (nl !== -1) {
        lines.push(buf.slice(0, nl))
        buf = buf.slice(nl + 1)
        nl = buf.indexOf('\n')
      }
      const first = lines[0] && JSON.parse(lines[0])
      if (first?.port) resolve(first.port)
    })
    other.once('exit', (code) => reject(new Error(`the other user's listener exited ${code}`)))
  })
  // The listener's pid is setpriv's pid (setpriv execs node).
  writeFileSync(
    join(box.home, 'bridge.json'),
    JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: other.pid, startedAt: new Date().toISOString() }),
    { mode: 0o600 },
  )
  const env: NodeJS.ProcessEnv = { ...box.env }
  delete env.TIMMY_BRIDGE_URL
  const r = await runCli(['hook'], { cwd: box.cwd, env, input: PRE_LLM })
  assert.equal(r.code, 0)
  const py = await runHarness(
    { calls: [{ hook: 'pre_llm_call', kwargs: { session_id: 's', user_message: 'the private prompt' } }] },
    { ...env, TIMMY_BRIDGE_TIMEOUT_MS: '1000' },
  )
  assert.equal(py.results[0]!.returned, null)
  // A request of ours, straight to the listener: it answers, so an empty record means nobody sent.
  await new Promise<void>((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port}/probe`, { method: 'POST', agent: false }, (res) => {
      res.resume()
      res.on('end', resolve)
    })
    req.on('error', reject)
    req.end('probe')
  })
  await new Promise((resolve) => setTimeout(resolve, 100))
  const got = lines.slice(1).map((l) => JSON.parse(l) as { body: string })
  assert.deepEqual(
    got.map((g) => g.body),
    ['probe'],
    "the other user's listener received nothing from timmy hook or the plugin",
  )
})
