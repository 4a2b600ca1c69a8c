import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('timmy validate refuses a periodic task no plugin registers, with did-you-mean and file:line:col', async (t) => {
  const box = sandbox(t)
  const config = join(box.cwd, 'timmy.config.yaml')
  writeFileSync(
    config,
    [
      'pluginOptions:',
      '  queue:',
      '    periodic:',
      '      - { task: triage.sweep, cron: "*/10 * * * *" }',
      '      - task: triage.sweeep',
      '        cron: "0 * * * *"',
      '',
    ].join('\n'),
  )
  const res = await runCli(['validate', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2, res.stderr)
  const out = JSON.parse(res.stdout) as {
    ok: boolean
    files: {
      file: string
      ok: boolean
      errors: { code: string; line?: number; col?: number; message: string }[]
    }[]
  }
  assert.equal(out.ok, false)
  const cfg = out.files.find((f) => f.file === config)!
  assert.equal(cfg.ok, false)
  assert.equal(cfg.errors.length, 1, 'the well-spelt task passes')
  const [e] = cfg.errors
  assert.equal(e!.code, 'TIMMY_ERR_QUEUE_UNKNOWN_TASK')
  assert.deepEqual([e!.line, e!.col], [5, 15])
  assert.match(e!.message, /Did you mean "triage\.sweep"\?/)

  const text = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(text.code, 2)
  assert.match(text.stderr, /timmy\.config\.yaml:5:15: TIMMY_ERR_QUEUE_UNKNOWN_TASK/)
})
