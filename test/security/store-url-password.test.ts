// Trial finding: a `store.url` password showed in status, /metrics' 500 body and CLI errors.
/**
 * Whatever form the password takes in `store.url` — `user:pass@`, a raw `@` or `/` inside it,
 * `?password=`, `?sslpassword=` — it appears in no output: `timmy status --json`, `timmy status`,
 * `timmy tasks list`'s and `timmy serve`'s errors, and `/status.json`, `/` and `/metrics` of a served host. The server is
 * absent (127.0.0.1:1), so every reader fails with the URL in its message.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { startServer } from '../../core/server/create-server.js'
import budgetPlugin from '../../plugins/budget/index.js'
import metricsPlugin from '../../plugins/metrics/index.js'
import postgresPlugin from '../../plugins/postgres/index.js'
import statusPlugin from '../../plugins/status/index.js'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

const URLS = [
  'postgres://alice@127.0.0.1:1/timmy?password=LeakPW3',
  'postgres://u:p@ssLeakPW3@127.0.0.1:1/db',
  'postgres://u:pa/LeakPW3@127.0.0.1:1/db',
  'postgres://127.0.0.1:1/db?user=u&sslpassword=LeakPW3',
]

for (const url of URLS) {
  test(`the CLI never prints the password of ${url}`, async (t) => {
    const box = sandbox(t)
    writeFileSync(join(box.cwd, 'timmy.config.yaml'), `store:\n  url: ${JSON.stringify(url)}\n`)
    const json = await runCli(['status', '--json'], { cwd: box.cwd, env: box.env })
    assert.match(json.stdout, /"error": "cannot reach the PostgreSQL server postgres:\/\//, json.stderr)
    assert.match(json.stdout, /127\.0\.0\.1:1/, 'the server is still named')
    const text = await runCli(['status'], { cwd: box.cwd, env: box.env })
    const tasks = await runCli(['tasks', 'list'], { cwd: box.cwd, env: box.env })
    assert.match(tasks.stderr, /TIMMY_ERR_POSTGRES_UNREACHABLE/)
    const serve = await runCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
    assert.equal(serve.code, 1, serve.stderr)
    for (const res of [json, text, tasks, serve]) assert.doesNotMatch(res.stdout + res.stderr, /LeakPW3/)
  })

  test(`a served host never shows the password of ${url}`, async (t) => {
    const { host } = await testHost(t, {
      plugins: [postgresPlugin, budgetPlugin, metricsPlugin, statusPlugin],
      dropIns: false,
      config: { store: { url } },
    })
    const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 })
    t.after(() => server.close())
    const metrics = await fetch(`${server.url}/metrics`)
    const body = await metrics.text()
    assert.equal(metrics.status, 500, body)
    assert.match(body, /TIMMY_ERR_POSTGRES_UNREACHABLE/)
    for (const path of ['/status.json', '/']) {
      const res = await fetch(`${server.url}${path}`)
      assert.equal(res.status, 200)
      assert.doesNotMatch(await res.text(), /LeakPW3/, path)
    }
    assert.doesNotMatch(body, /LeakPW3/, '/metrics')
  })
}
