/**
 * Issue 17 acceptance, the transcript: `timmy init` in an empty folder, then `validate`,
 * `test-playbooks` and `run-playbook --apply` against the fake Gitea, all green; `timmy new plugin
 * hello` then `plugins` lists it (and its fixture passes); `timmy new playbook` likewise.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('timmy init, validate, test-playbooks, run-playbook --apply, new plugin, new playbook: all green', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo('acme/widgets')
  const issue = fake.addIssue('acme/widgets', { title: 'The widget list is empty', user: 'alice' })
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  writeFileSync(join(box.hermes, 'gitea_token'), `${fake.token}\n`, { mode: 0o600 })
  const env = { ...box.env, GITEA_URL: fake.url }
  const timmy = async (...args: string[]) => {
    const r = await runCli(args, { cwd: box.cwd, env, timeoutMs: 90_000 })
    assert.equal(r.code, 0, `timmy ${args.join(' ')}:\n${r.stdout}${r.stderr}`)
    return r.stdout
  }

  assert.match(await timmy('init'), /created {2}timmy\.config\.ts/)
  assert.match(await timmy('validate'), /0 invalid/)
  assert.match(await timmy('test-playbooks'), /1 passed, 0 failed/)
  const event = JSON.parse(
    readFileSync(join(box.cwd, 'playbooks/fixtures/welcome/opened/event.json'), 'utf8'),
  )
  event.issue.number = issue.number
  event.number = issue.number
  writeFileSync(join(box.cwd, 'event.json'), JSON.stringify(event))
  const applied = JSON.parse(
    await timmy('run-playbook', 'welcome', '--event', 'event.json', '--apply', '--json'),
  ) as {
    outcome: string
  }
  assert.equal(applied.outcome, 'ok')
  const comments = fake.state.repo('acme/widgets')!.comments.filter((c) => c.issue === issue.number)
  assert.match(comments.at(-1)?.body ?? '', /^Thanks for the report, @alice/, 'the comment reached Gitea')

  assert.match(await timmy('new', 'plugin', 'hello'), /added {4}\.\/plugins\/hello/)
  const plugins = JSON.parse(await timmy('plugins', '--json')) as {
    plugins: { name: string; steps: string[] }[]
  }
  assert.deepEqual(plugins.plugins.find((p) => p.name === 'hello')?.steps, ['greet'])
  await timmy('new', 'playbook', 'second')
  assert.match(await timmy('validate'), /0 invalid/)
  assert.match(await timmy('test-playbooks'), /3 passed, 0 failed/)

  const again = await runCli(['init'], { cwd: box.cwd, env })
  assert.equal(again.code, 2)
  assert.match(again.stderr, /TIMMY_ERR_CLI_SCAFFOLD_EXISTS/)
})
