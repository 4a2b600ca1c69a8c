/**
 * The token must never reach logs, errors, `--json` output or child environments: drive the real CLI
 * and the client through successes and every kind of failure, capture everything, and grep it.
 */
import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { createLogger } from '../../core/log.js'
import { createGiteaClient } from '../../plugins/gitea/client.js'
import { createGiteaService } from '../../plugins/gitea/service.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { fakeGitea } from './helpers.js'

test('no captured output of CLI runs, logs or errors contains the token', async (t) => {
  const token = `tok${'Z9'.repeat(16)}secret`
  const fake = await fakeGitea(t, { tokens: { [token]: 'timmy' } })
  fake.addRepo('acme/widgets')
  fake.addIssue('acme/widgets', { title: 'one', labels: ['bug'] })
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  writeFileSync(join(box.hermes, 'gitea_token'), `${token}\n`)
  chmodSync(join(box.hermes, 'gitea_token'), 0o600)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { gitea: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } } }),
  )
  const env = { ...box.env, GITEA_URL: fake.url, TIMMY_LOG_LEVEL: 'trace' }
  const captured: string[] = []
  const run = async (args: string[], e = env) => {
    const r = await runCli(args, { cwd: box.cwd, env: e })
    captured.push(r.stdout, r.stderr)
    return r
  }
  const ok = await run(['gitea', 'check', '--json'])
  assert.equal(ok.code, 0, ok.stderr)
  assert.equal(JSON.parse(ok.stdout).tokenSource, join(box.hermes, 'gitea_token'))
  assert.equal((await run(['gitea', 'issues', 'acme/widgets', '--json'])).code, 0)
  assert.equal((await run(['gitea', 'issues', 'acme/missing', '--json', '--debug'])).code, 1)
  fake.fault({ status: 503, times: 50 })
  const down = await run(['gitea', 'issues', 'acme/widgets', '--json', '--debug'])
  assert.equal(down.code, 1)
  assert.match(down.stdout, /TIMMY_ERR_GITEA_SERVER_ERROR/)
  fake.clearFaults()
  assert.equal(
    (await run(['gitea', 'check', '--debug'], { ...env, GITEA_URL: 'http://127.0.0.1:9' })).code,
    1,
  )
  chmodSync(join(box.hermes, 'gitea_token'), 0o644)
  const insecure = await run(['gitea', 'check', '--json'])
  assert.equal(insecure.code, 1)
  assert.match(insecure.stdout, /TIMMY_ERR_GITEA_TOKEN_INSECURE/)

  // In-process: a trace-level logger, retries, and errors whose server echoes the token back.
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const log = await createLogger('trace', sink)
  const client = createGiteaClient({ url: fake.url, token, log, sleep: async () => {}, writesPerMinute: 0 })
  fake.fault({ status: 429, body: `{"message":"slow down ${token}"}`, times: 2 })
  await client.getRepo('acme/widgets')
  fake.fault({ status: 422, body: `{"message":"bad token ${token}"}` })
  const errors: unknown[] = []
  await client.getRepo('acme/widgets').catch((e) => errors.push(e))
  assert.equal(errors.length, 1)
  const e = errors[0] as Error & { toJSON(): unknown; apiMessage: string }
  captured.push(e.message, String(e.stack), JSON.stringify(e.toJSON()), e.apiMessage, JSON.stringify(e))
  log.info({ token, authorization: `token ${token}` }, 'redaction check')
  captured.push(...lines)

  // Child environments: the service's childEnv drops whatever carries the token.
  const service = createGiteaService({
    config: {
      token,
      webhookSecret: '',
      insecure: false,
      writesPerMinute: 0,
      timeoutMs: 1000,
      pageConcurrency: 1,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, retryAfterCapMs: 0 },
      bodyLimit: 1024,
      deliveryRetentionDays: 1,
      replayWindowHours: 24,
    },
    hermesHome: box.hermes,
  })
  captured.push(JSON.stringify(service.childEnv({ ...process.env, GITEA_TOKEN: token, SOME: `x${token}` })))
  assert.ok(!Object.values(process.env).some((v) => v?.includes(token)), 'the token never enters process.env')

  const all = captured.join('\n')
  assert.ok(all.length > 1000, 'something was captured')
  assert.ok(
    lines.some((l) => l.includes('retrying')),
    'the retries were logged',
  )
  assert.equal(all.includes(token), false, 'the token leaked into captured output')
})
