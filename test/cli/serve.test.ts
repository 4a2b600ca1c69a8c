import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('timmy serve starts on a fresh TIMMY_HOME, answers /healthz, and exits 0 on SIGTERM within 2 s', async (t) => {
  const box = sandbox(t)
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  const res = await fetch(`${url}/healthz`)
  assert.equal(res.status, 200)
  const body = (await res.json()) as { ok: boolean; store?: { journalMode: string } }
  assert.equal(body.ok, true)
  assert.equal(body.store?.journalMode, 'wal')
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const sentAt = Date.now()
  child.kill('SIGTERM')
  const code = await exited
  assert.equal(code, 0)
  assert.ok(Date.now() - sentAt < 2000, `took ${Date.now() - sentAt} ms to exit`)
})

test('timmy serve refuses to start, exit 1, when a plugin cannot start its part (the store.url server is not there); the password stays hidden', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.yaml'),
    'store:\n  url: "postgres://127.0.0.1:1/timmy?user=u&password=s3cretQ"\n',
  )
  const res = await runCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 1, res.stderr)
  assert.match(res.stderr, /TIMMY_ERR_\w+_UNREACHABLE: cannot (reach|open)/)
  assert.match(res.stderr, /127\.0\.0\.1:1/)
  assert.doesNotMatch(res.stdout + res.stderr, /s3cretQ/)
  assert.doesNotMatch(res.stdout + res.stderr, /listening on/)
})
