import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { delivery } from './payloads.js'

test('timmy serve mounts POST /hooks/gitea with the configured secret', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ gitea: { webhookSecret: 'cli-secret' } }),
  )
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  const d = delivery('pull_request', 'cli-secret')
  const post = () => fetch(`${url}/hooks/gitea`, { method: 'POST', body: d.body, headers: d.headers })
  assert.equal((await post()).status, 202)
  assert.equal((await post()).status, 200)
  const bad = delivery('pull_request', 'wrong')
  assert.equal(
    (await fetch(`${url}/hooks/gitea`, { method: 'POST', body: bad.body, headers: bad.headers })).status,
    401,
  )
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
})
