import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { delivery } from './payloads.js'

test('timmy serve mounts POST /hooks/gitea with the configured secret', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { gitea: { webhookSecret: 'cli-secret' } } }),
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

test('timmy gitea explains itself with --help and exits 2 on bad usage', async (t) => {
  const box = sandbox(t)
  const help = await runCli(['gitea', '--help'], { cwd: box.cwd, env: box.env })
  assert.equal(help.code, 0)
  assert.match(help.stdout, /timmy gitea check/)
  const bad = await runCli(['gitea', 'frobnicate'], { cwd: box.cwd, env: box.env })
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
  const noUrl = await runCli(['gitea', 'check', '--json'], {
    cwd: box.cwd,
    env: { ...box.env, GITEA_URL: '' },
  })
  assert.equal(noUrl.code, 2)
  assert.match(noUrl.stdout, /TIMMY_ERR_GITEA_NO_URL/)
})
