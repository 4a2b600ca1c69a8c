/**
 * Lane routing through the real CLI: `timmy orchestrate --once` with every built-in plugin, the
 * shipped playbooks/lanes.yaml (`repos: ["*"]`) and the fake Gitea. One lane matcher for every
 * reader: `*` patterns, owner/repo compared case-insensitively.
 */
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { matchLaneRepo } from '../../plugins/playbooks/match-lane-repo.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('the lane matcher: * patterns, owner/repo case-insensitive, an empty list matches nothing', () => {
  assert.equal(matchLaneRepo(['*'], 'fleet/api'), true)
  assert.equal(matchLaneRepo(['Fleet/*'], 'fleet/API'), true)
  assert.equal(matchLaneRepo(['fleet/web*'], 'fleet/api'), false)
  assert.equal(matchLaneRepo(['fleet/a.i'], 'fleet/api'), false, 'a dot is a dot')
  assert.equal(matchLaneRepo([], 'fleet/api'), false)
})

test('orchestrate --once routes and dispatches with the shipped lanes.yaml; a lane limited to other repos assigns nobody', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo('fleet/api')
  fake.addUser('coder')
  fake.addUser('webdev')
  const assigned = fake.addIssue('fleet/api', { title: 'Crash on start', assignees: ['coder'] })
  const crash = fake.addIssue('fleet/api', { title: 'Another crash in the parser' })
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  copyFileSync(new URL('../../playbooks/lanes.yaml', import.meta.url), join(dir, 'lanes.yaml'))
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 },
        playbooks: { dir },
        dispatch: { mode: 'fake' },
        triage: {
          repos: ['Fleet/API'],
          rules: { rules: [{ name: 'crash', match: { title: '/crash/i' }, actions: { lane: 'coder' } }] },
        },
      },
    }),
  )
  const r = await runCli(['orchestrate', '--once', '--json'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
  const report = JSON.parse(r.stdout) as {
    route: Record<string, { queued: number }>
    dispatch: { issue: number; lane: string }[]
  }
  assert.ok(report.route.coder!.queued >= 1, `the coder lane sees its issue: ${r.stdout}`)
  assert.deepEqual(
    report.dispatch.find((d) => d.issue === assigned.number),
    { repo: 'Fleet/API', issue: assigned.number, lane: 'coder', planned: true },
  )

  // A project lanes.yaml whose coder lane takes only the web repos: triage labels, but assigns nobody.
  writeFileSync(
    join(dir, 'lanes.yaml'),
    'lanes:\n  coder:\n    wizard: coder\n    repos: ["FLEET/web*"]\n  webdev:\n    wizard: webdev\n    repos: ["fleet/API"]\n',
  )
  const sweep = await runCli(['triage', 'sweep', '--confirm', '--only', 'rules', '--json'], {
    cwd: box.cwd,
    env: box.env,
  })
  assert.equal(sweep.code, 0, sweep.stderr)
  assert.ok(crash.labels.length > 0, 'the rule matched and labelled it')
  assert.deepEqual(crash.assignees, [], 'the coder lane does not take fleet/api')
})
