// Issue 16, finding 1: /hermes/events had no authentication and no Host check.
/**
 * Finding 1 of issue 16: `/hermes/events` had no authentication and no Host check. Now every POST of
 * `timmy serve` (the Gitea webhook keeps its HMAC signature instead) needs the per-install secret
 * ($TIMMY_HOME/secret, 0600, made at the first serve, `timmy secret rotate`), every request needs a
 * loopback Host header (DNS rebinding), and a non-loopback bind is refused unless TLS is configured.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { test } from 'node:test'
import { signRequest } from '../../core/server/secret.js'
import { delivery } from '../gitea/payloads.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { otherUserUnavailable, runAsOther } from './_other-user.js'

const SPEND = JSON.stringify({
  hook: 'post_api_request',
  kwargs: { session_id: 's', api_request_id: 1, usage: { input_tokens: 10 ** 12, output_tokens: 0 } },
})

/** A raw request (fetch does not let a page, or a test, choose the Host header). */
function send(
  url: string,
  o: { method?: string; path?: string; host?: string; auth?: string; body?: string },
): Promise<{ status: number; body: string }> {
  const u = new URL(o.path ?? '/hermes/events', url)
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: o.method ?? 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(o.host ? { host: o.host } : {}),
          ...(o.auth ? { authorization: o.auth } : {}),
        },
      },
      (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(o.method === 'GET' ? undefined : (o.body ?? SPEND))
  })
}

test('POST /hermes/events needs the per-install secret and a loopback Host; the webhook keeps its signature', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { gitea: { webhookSecret: 'hook-secret' } } }),
  )
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  const port = new URL(url!).port

  const file = join(box.home, 'secret')
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the secret is owner-only')
  const secret = readFileSync(file, 'utf8').trim()
  assert.ok(secret.length >= 32)

  const anonymous = await send(url!, {})
  assert.equal(anonymous.status, 401)
  assert.equal(JSON.parse(anonymous.body).error.code, 'TIMMY_ERR_SERVER_UNAUTHORIZED')
  assert.equal(
    (await send(url!, { auth: signRequest('not-the-secret', 'POST', '/hermes/events', SPEND) })).status,
    401,
  )
  assert.equal((await send(url!, { auth: signRequest(secret, 'POST', '/hermes/events', SPEND) })).status, 200)

  // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1.
  const rebound = await send(url!, {
    auth: signRequest(secret, 'POST', '/hermes/events', SPEND),
    host: `evil.example:${port}`,
  })
  assert.equal(rebound.status, 421)
  assert.equal(JSON.parse(rebound.body).error.code, 'TIMMY_ERR_SERVER_BAD_HOST')
  assert.equal(
    (await send(url!, { method: 'GET', path: '/healthz', host: `evil.example:${port}` })).status,
    421,
  )
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`])
    assert.equal((await send(url!, { method: 'GET', path: '/healthz', host })).status, 200, host)

  // The Gitea webhook is authenticated by its HMAC signature, not by the bridge secret.
  const d = delivery('issues', 'hook-secret')
  const hook = await fetch(`${url}/hooks/gitea`, { method: 'POST', body: d.body, headers: d.headers })
  assert.equal(hook.status, 202)

  // Rotation: the old secret stops working at once, the new one works.
  const rotated = await runCli(['secret', 'rotate'], { cwd: box.cwd, env: box.env })
  assert.equal(rotated.code, 0, rotated.stderr)
  const fresh = readFileSync(file, 'utf8').trim()
  assert.notEqual(fresh, secret)
  assert.equal(statSync(file).mode & 0o777, 0o600)
  assert.equal((await send(url!, { auth: signRequest(secret, 'POST', '/hermes/events', SPEND) })).status, 401)
  assert.equal((await send(url!, { auth: signRequest(fresh, 'POST', '/hermes/events', SPEND) })).status, 200)
})

test('another local user can neither post events nor read the secret nor connect to the socket', async (t) => {
  const why = otherUserUnavailable()
  if (why) return t.skip(why)
  const box = sandbox(t)
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  execFileSync('chmod', ['755', box.root]) // let the other user reach the files, so the modes are what refuse
  const out = await runAsOther(`
    const fs = require('node:fs'), net = require('node:net')
    const result = {}
    try { fs.readFileSync(${JSON.stringify(join(box.home, 'secret'))}); result.secret = 'read' } catch (e) { result.secret = e.code }
    fetch(${JSON.stringify(`${url}/hermes/events`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(SPEND)} })
      .then((r) => { result.http = r.status })
      .catch((e) => { result.http = String(e) })
      .then(() => new Promise((done) => {
        const c = net.connect(${JSON.stringify(join(box.home, 'bridge.sock'))})
        c.on('connect', () => { result.socket = 'connected'; c.destroy(); done() })
        c.on('error', (e) => { result.socket = e.code; done() })
      }))
      .then(() => console.log(JSON.stringify(result)))
  `)
  const result = JSON.parse(out) as { secret: string; http: number; socket: string }
  assert.equal(result.secret, 'EACCES')
  assert.equal(result.http, 401)
  assert.equal(result.socket, 'EACCES')
})

test('a non-loopback bind is refused without TLS (exit 2), and serves HTTPS with it', async (t) => {
  const box = sandbox(t)
  const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], {
    cwd: box.cwd,
    env: box.env,
    timeoutMs: 30_000,
  })
  assert.equal(refused.code, 2, refused.stderr)
  assert.match(refused.stderr, /TIMMY_ERR_SERVER_NOT_LOOPBACK/)
  assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace')

  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
  } catch {
    return t.skip('openssl(1) is not installed: the TLS half needs a self-signed certificate')
  }
  const cert = join(box.root, 'cert.pem')
  const key = join(box.root, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  )
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify({ server: { tls: { cert, key } } }))
  const child = spawnCli(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (https:\/\/\S+:\d+)/)
  assert.match(url!, /^https:/)
})
