/** Config errors say what is wrong in plain words, at file:line:col: a bad store.url, a script's syntax error, every error of a file. */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('a store.url that is not a PostgreSQL URL is reported in plain words, exit 2', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'store:\n  url: mysql://db/timmy\n')
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /timmy\.config\.yaml:2:8: TIMMY_ERR_CONFIG_INVALID/)
  assert.match(r.stderr, /postgres:\/\/ or postgresql:\/\//)
  assert.doesNotMatch(r.stderr, /\^postgres|\\\//, 'no regex in the message')
})

test("a syntax error in timmy.config.ts names esbuild's message at file:line:col, exit 2", async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.ts'),
    "export default {\n  log: { level: 'info' },\n\nexport const x = 1\n",
  )
  const r = await runCli(['plugins'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /timmy\.config\.ts:4:8: TIMMY_ERR_CONFIG_LOAD_FAILED/)
  assert.match(r.stderr, /Expected ":" but found "const"/)
  assert.doesNotMatch(r.stderr, /Transform failed/)
})

test('timmy validate lists every error of the config file, each at its line, exit 2', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.yaml'),
    'server:\n  port: lots\nlog:\n  levl: info\nstore:\n  url: mysql://db/timmy\n',
  )
  const r = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /timmy\.config\.yaml:2:9: TIMMY_ERR_CONFIG_INVALID: config value at "server\.port"/)
  assert.match(
    r.stderr,
    /timmy\.config\.yaml:4:3: TIMMY_ERR_CONFIG_UNKNOWN_KEY: unknown config key "log\.levl"/,
  )
  assert.match(r.stderr, /timmy\.config\.yaml:6:8: TIMMY_ERR_CONFIG_INVALID: config value at "store\.url"/)
  assert.match(r.stdout, /\(3 errors\)/)
})
