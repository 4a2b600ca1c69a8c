import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { startFakeGitea } from '../gitea/fake-gitea.js'
import { ROOT, runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { FAKE_PLUGINS, LANES } from './helpers.js'

const RECORDER = fileURLToPath(new URL('./fixtures/plugins/recorder/index.ts', import.meta.url))

const PLAYBOOK = `name: notes
description: Two plugins, an if:, and an effect.
lane: coder
on: { event: issues.opened }
steps:
  - use: alpha/start
    with: { n: "\${{ with.n }}" }
  - use: beta/double
    with: { n: "\${{ steps.start.output.n }}" }
  - use: beta/finish
    if: steps.double.output.n > 2
    with: { total: "\${{ steps.double.output.n }}" }
`

function project(t: { after(fn: () => void): void }) {
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  writeFileSync(join(dir, 'lanes.yaml'), LANES)
  writeFileSync(join(dir, 'notes.yaml'), PLAYBOOK)
  writeFileSync(
    join(dir, 'broken.yaml'),
    'name: broken\nlane: coder\non: manual\nsteps:\n  - use: beta/boom\n',
  )
  const record = join(box.root, 'applied.jsonl')
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      plugins: [...FAKE_PLUGINS, RECORDER],
      pluginOptions: { pool: { size: 1 }, playbooks: { builtin: false }, recorder: { file: record } },
    }),
  )
  const event = join(box.root, 'event.json')
  writeFileSync(
    event,
    JSON.stringify({
      action: 'opened',
      number: 5,
      issue: { number: 5, title: 't', labels: [] },
      repository: { full_name: 'acme/widgets' },
    }),
  )
  const cli = (args: string[]) => runCli(args, { cwd: box.cwd, env: box.env })
  return { box, dir, record, event, cli }
}

describe('the playbook commands', { concurrency: 3 }, () => {
  test('timmy run-playbook prints the plan of a dry run and calls no handler; --apply calls them for the same effects', async (t) => {
    const p = project(t)
    const dry = await p.cli(['run-playbook', 'notes', '--event', p.event, '--with', 'n=3'])
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /mode: dry run/)
    assert.match(dry.stdout, /effect would apply: test\.note \{"text":"total 6"\}/)
    assert.match(dry.stdout, /event: issues\.opened acme\/widgets#5/)
    assert.equal(existsSync(p.record), false, 'nothing was applied')
    const live = await p.cli(['run-playbook', 'notes', '--event', p.event, '--with', 'n=3', '--apply'])
    assert.equal(live.code, 0, live.stderr)
    assert.match(live.stdout, /effect applied: test\.note \{"text":"total 6"\}/)
    assert.deepEqual(
      readFileSync(p.record, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
      [{ kind: 'test.note', text: 'total 6' }],
    )
  })

  test('--json prints the report, and --show prints it again from the store', async (t) => {
    const p = project(t)
    const run = await p.cli(['run-playbook', 'playbooks/notes.yaml', '--with', 'n=1', '--json'])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout)
    assert.equal(report.outcome, 'ok')
    assert.equal(report.steps[2].outcome, 'skipped')
    assert.match(report.steps[2].reason, /was false/)
    const shown = await p.cli(['run-playbook', '--show', report.runId, '--json'])
    assert.equal(shown.code, 0, shown.stderr)
    assert.deepEqual(JSON.parse(shown.stdout), report)
    const runs = await p.cli(['run-playbook', '--runs'])
    assert.match(runs.stdout, new RegExp(report.runId))
  })

  test('exits 1 when a step fails, printing its coded error', async (t) => {
    const p = project(t)
    const r = await p.cli(['run-playbook', 'broken'])
    assert.equal(r.code, 1)
    assert.match(r.stdout, /TIMMY_ERR_POOL_STEP_THREW/)
  })

  test('exits 2 with a coded error for invalid input', async (t) => {
    const p = project(t)
    const cases: [string[], string][] = [
      [['run-playbook', 'nope'], 'TIMMY_ERR_PLAYBOOK_NOT_FOUND'],
      [['run-playbook', 'notes', '--with', 'novalue'], 'TIMMY_ERR_PLAYBOOK_BAD_WITH'],
      [['run-playbook', 'notes', '--event', join(p.box.root, 'missing.json')], 'TIMMY_ERR_INPUT_UNREADABLE'],
      [['run-playbook', 'notes', '--issue', 'acme/widgets#5'], 'TIMMY_ERR_GITEA_NO_URL'],
      [['run-playbook', 'notes', '--issue', 'widgets-5'], 'TIMMY_ERR_PLAYBOOK_BAD_ISSUE_REF'],
      [['run-playbook', '--show', 'no-such-run'], 'TIMMY_ERR_PLAYBOOK_RUN_NOT_FOUND'],
    ]
    const results = await Promise.all(cases.map(([args]) => p.cli(args)))
    for (const [i, [args, code]] of cases.entries()) {
      assert.equal(results[i]!.code, 2, `${args.join(' ')}: ${results[i]!.stderr}`)
      assert.match(results[i]!.stderr, new RegExp(code), args.join(' '))
      assert.doesNotMatch(results[i]!.stderr, /\n\s+at /, 'no stack trace')
    }
  })

  test('run-playbook --issue fetches the issue through the gitea service', async (t) => {
    const p = project(t)
    const config = join(p.box.cwd, 'timmy.config.json')
    const gitea = await startFakeGitea()
    t.after(() => gitea.close())
    gitea.addRepo('acme/widgets')
    for (let i = 1; i <= 5; i++) gitea.addIssue('acme/widgets', { title: `issue ${i} of acme/widgets` })
    const c = JSON.parse(readFileSync(config, 'utf8'))
    c.pluginOptions.gitea = { url: gitea.url, token: gitea.token }
    writeFileSync(config, JSON.stringify(c))
    writeFileSync(
      join(p.dir, 'echo.yaml'),
      'name: echo\nlane: coder\non: manual\nsteps:\n  - use: playbooks/set\n    with: { title: "${{ event.issue.title }}", where: "${{ item.repo }}#${{ item.issue }}" }\n',
    )
    const r = await p.cli(['run-playbook', 'echo', '--issue', 'acme/widgets#5', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).steps[0].output, {
      title: 'issue 5 of acme/widgets',
      where: 'acme/widgets#5',
    })
  })

  test('timmy validate names a step whose plugin is missing with a coded error and file:line:col, without crashing', async (t) => {
    const p = project(t)
    // The shipped bug-fixer, its first step naming a plugin that is not installed.
    writeFileSync(
      join(p.dir, 'bug-fixer.yaml'),
      readFileSync(join(ROOT, 'playbooks', 'bug-fixer.yaml'), 'utf8').replace(
        'triage/classify',
        'nosuch/classify',
      ),
    )
    const r = await p.cli(['validate', '--json'])
    assert.equal(r.code, 2, r.stderr)
    const files = JSON.parse(r.stdout).files as { file: string; ok: boolean; kind?: string; error?: any }[]
    const byName = (n: string) => files.find((f) => f.file.endsWith(n))!
    assert.equal(byName('notes.yaml').ok, true)
    assert.equal(byName('notes.yaml').kind, 'playbook')
    assert.equal(byName('lanes.yaml').kind, 'lanes')
    const bad = byName('bug-fixer.yaml')
    assert.equal(bad.error.code, 'TIMMY_ERR_PLAYBOOK_UNKNOWN_PLUGIN')
    const lines = readFileSync(join(p.dir, 'bug-fixer.yaml'), 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes('nosuch/classify')) + 1
    assert.deepEqual([bad.error.line, bad.error.col], [line, lines[line - 1]!.indexOf('nosuch') + 1])
    assert.match(bad.error.message, /nosuch\/classify/)
  })

  test('timmy test-playbooks passes for every shipped fixture', async (t) => {
    const box = sandbox(t)
    const r = await runCli(['test-playbooks', join(ROOT, 'playbooks')], { cwd: box.cwd, env: box.env })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, / 0 failed/)
    for (const pb of ['triage', 'bug-fixer', 'refactor-specialist', 'security-auditor', 'pr-gate'])
      assert.match(r.stdout, new RegExp(`^${pb}\\s`, 'm'), `${pb} has fixtures`)
  })

  test('timmy test-playbooks fails naming the case and the differing effect when an expectation is changed', async (t) => {
    const box = sandbox(t)
    const dir = join(box.root, 'playbooks')
    cpSync(join(ROOT, 'playbooks'), dir, { recursive: true })
    const expect = join(dir, 'fixtures', 'triage', 'bug-report', 'expect.yaml')
    writeFileSync(expect, readFileSync(expect, 'utf8').replace('labels: [bug] }', 'labels: [feature] }'))
    const r = await runCli(['test-playbooks', dir, '--json'], { cwd: box.cwd, env: box.env })
    assert.equal(r.code, 1, r.stderr)
    const { cases } = JSON.parse(r.stdout) as {
      cases: { playbook: string; case: string; ok: boolean; problems: string[] }[]
    }
    const failed = cases.filter((c) => !c.ok)
    assert.deepEqual(
      failed.map((c) => `${c.playbook}/${c.case}`),
      ['triage/bug-report'],
    )
    // the difference points at its line in expect.yaml
    const line =
      readFileSync(expect, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('labels: [feature]')) + 1
    assert.equal(failed[0]!.problems.length, 1)
    assert.ok(failed[0]!.problems[0]!.startsWith(`${expect}:${line}:`), failed[0]!.problems[0])
    assert.match(
      failed[0]!.problems[0]!,
      /: effect 1 \(gitea\.label\): labels expected \["feature"\], got \["bug"\]$/,
    )
    const text = await runCli(['test-playbooks', dir], { cwd: box.cwd, env: box.env })
    assert.equal(text.code, 1)
    assert.match(
      text.stderr,
      /FAIL triage\/bug-report\n\s+\S+expect\.yaml:\d+:\d+: effect 1 \(gitea\.label\): labels expected/,
    )
  })
})
