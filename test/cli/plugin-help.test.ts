// New-user trial: `budget --help` broke lines mid-paragraph; `status --help` had a stray "Plugins;" and no hosts/fleet.
/**
 * A plugin command's help (printed with its lines kept) wraps as paragraphs: every line of a
 * paragraph but its last fills most of the width, none ends early. `status --help` names every
 * section it shows, hosts and fleet rollouts among them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

/** The lines of the help before "Options:" that end early although the next line goes on the paragraph. */
function raggedLines(help: string): string[] {
  const lines = help.split('\n').slice(0, help.split('\n').indexOf('Options:'))
  return lines.filter((line, i) => {
    const next = lines[i + 1] ?? ''
    return (
      line.trim() !== '' && next.trim() !== '' && !/^\s/.test(next) && !/^Exit/.test(next) && line.length < 60
    )
  })
}

for (const command of ['budget', 'status', 'tasks']) {
  test(`timmy ${command} --help wraps its description as paragraphs`, async (t) => {
    const box = sandbox(t)
    const res = await runCli([command, '--help'], { cwd: box.cwd, env: { ...box.env, COLUMNS: '80' } })
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(raggedLines(res.stdout), [], res.stdout)
  })
}

test('timmy status --help names hosts and fleet rollouts, and starts no sentence with "Plugins;"', async (t) => {
  const box = sandbox(t)
  const res = await runCli(['status', '--help'], { cwd: box.cwd, env: { ...box.env, COLUMNS: '80' } })
  const text = res.stdout.replace(/\s+/g, ' ')
  assert.match(text, /\bhosts\b/)
  assert.match(text, /fleet rollouts/)
  assert.doesNotMatch(text, /Plugins;/)
})
