/** `timmy run-playbook` in the project `timmy init` writes: the event its templates read must be given, and be JSON. */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

async function initProject(t: { after(fn: () => void): void }) {
  const box = sandbox(t)
  const init = await runCli(['init'], { cwd: box.cwd, env: box.env })
  assert.equal(init.code, 0, init.stderr)
  const cli = (args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  return { box, cli }
}

test('run-playbook without --event refuses a playbook whose with: reads the event, naming the values and --event', async (t) => {
  const { cli } = await initProject(t)
  const res = await cli(['run-playbook', 'welcome'])
  assert.equal(res.code, 2, res.stdout + res.stderr)
  assert.match(res.stderr, /TIMMY_ERR_PLAYBOOK_EVENT_NEEDED/)
  assert.match(res.stderr, /event\.issue\.user\.login/)
  assert.match(res.stderr, /item\.issue/)
  assert.match(res.stderr, /--event /)
  assert.match(res.stderr, /playbooks\/fixtures\/welcome\/opened\/event\.json/, 'names the fixture event')
  assert.doesNotMatch(res.stdout, /Thanks for the report, @:/, 'no plan with empty values')
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')

  const ok = await cli(['run-playbook', 'welcome', '--event', 'playbooks/fixtures/welcome/opened/event.json'])
  assert.equal(ok.code, 0, ok.stderr)
  assert.match(ok.stdout, /Thanks for the report, @alice/)
})

test('run-playbook --event with a file that is not JSON exits 2 at the file:line:col of the syntax error', async (t) => {
  const { box, cli } = await initProject(t)
  const file = join(box.cwd, 'event.json')
  writeFileSync(file, '{\n  "action": "opened",\n  "issue": { "number": 1, }\n}\n')
  const res = await cli(['run-playbook', 'welcome', '--event', file])
  assert.equal(res.code, 2, res.stdout + res.stderr)
  assert.match(res.stderr, /event\.json:3:27: TIMMY_ERR_PLAYBOOK_BAD_EVENT/)
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace')

  writeFileSync(file, '{\n  "action": "opened",\n')
  const cut = await cli(['run-playbook', 'welcome', '--event', file])
  assert.equal(cut.code, 2, cut.stderr)
  assert.match(cut.stderr, /event\.json:3:1: TIMMY_ERR_PLAYBOOK_BAD_EVENT/)
})
