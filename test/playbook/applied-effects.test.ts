/**
 * What observers and later steps are told is what happened. Real CLI, every built-in plugin (the real
 * provenance plugin and Gitea client), the fake Gitea server and a stand-in `hermes`:
 * - a Gitea write that fails makes its step failed, and provenance records it as not applied;
 * - the shipped security-auditor escalates on the verdict line of the real agent's answer.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import type { RunReport } from '../../core/hooks.js'
import type { FakeGitea } from '../gitea/fake-gitea.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { writeStubHermes } from './stub-hermes.js'

const R = 'acme/widgets'

function project(t: { after(fn: () => void): void }, fake: FakeGitea, files: Record<string, string>) {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'lanes.yaml'),
    'lanes:\n  reviewer: { wizard: reviewer, toolsets: [file, web], budgetShare: 0.25 }\n',
  )
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const hermes = writeStubHermes(join(box.root, 'bin'))
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        playbooks: { dir, builtin: false },
        pool: { size: 1 },
        gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 },
        dispatch: { mode: 'hermes', hermesBin: hermes.bin, duplicateGuard: false, passEnv: ['STUB_VERDICT'] },
        budget: { importHermes: false },
      },
    }),
  )
  return box
}

const run = (box: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: box.cwd, env: { ...box.env, ...env }, timeoutMs: 90_000 })

test('a Gitea write that fails: the step is failed, and provenance records the effect as not applied', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(R)
  fake.addIssue(R, { title: 'Tracking' })
  fake.fault({ method: 'POST', path: '/comments', status: 403, times: 10 })
  const box = project(t, fake, {
    'note.yaml': `name: note
lane: reviewer
on: manual
steps:
  - id: say
    use: playbooks/comment
    with: { repo: ${R}, issue: 1, body: hello }
`,
  })
  const r = await run(box, ['run-playbook', 'note', '--apply', '--json'])
  assert.equal(r.code, 1, r.stderr)
  const report = JSON.parse(r.stdout) as RunReport
  assert.equal(report.steps[0]!.outcome, 'failed')
  assert.equal(report.steps[0]!.applied?.[0]?.status, 'failed')
  const db = new Database(join(box.home, 'timmy.db'), { readonly: true })
  t.after(() => db.close())
  const row = db
    .prepare(`SELECT outcome, effects_json, error FROM provenance_steps WHERE run_id = ? AND step_id = 'say'`)
    .get(report.runId) as { outcome: string; effects_json: string; error: string | null }
  assert.equal(row.outcome, 'failed')
  assert.deepEqual(JSON.parse(row.effects_json), [{ kind: 'gitea.comment', applied: false }])
  assert.match(row.error ?? '', /TIMMY_ERR_PLAYBOOK_EFFECT_FAILED|403/)
})

test('security-auditor escalates on the VERDICT line of the real agent answer, and only then', async (t) => {
  const fake = await fakeGitea(t)
  const repo = fake.addRepo(R)
  const issue = fake.addIssue(R, { title: 'Nightly audits' })
  const comments = () => repo.comments.filter((c) => c.issue === issue.number)
  const { readFileSync } = await import('node:fs')
  const box = project(t, fake, {
    'security-auditor.yaml': readFileSync(
      new URL('../../playbooks/security-auditor.yaml', import.meta.url),
      'utf8',
    ),
  })
  const args = [
    'run-playbook',
    'security-auditor',
    '--with',
    `repo=${R}`,
    '--with',
    `issue=${issue.number}`,
    '--apply',
    '--json',
  ]
  const clean = await run(box, args, { STUB_VERDICT: 'clean' })
  assert.equal(clean.code, 0, clean.stderr + clean.stdout)
  const cleanReport = JSON.parse(clean.stdout) as RunReport
  assert.equal(cleanReport.steps.find((s) => s.stepId === 'escalate')!.outcome, 'skipped')
  assert.equal(comments().length, 0)

  const found = await run(box, args, { STUB_VERDICT: 'findings' })
  assert.equal(found.code, 0, found.stderr + found.stdout)
  const report = JSON.parse(found.stdout) as RunReport
  assert.equal(
    (report.steps.find((s) => s.stepId === 'audit')!.output as { verdict?: string }).verdict,
    'findings',
  )
  assert.equal(report.steps.find((s) => s.stepId === 'escalate')!.outcome, 'ok')
  assert.equal(comments().length, 1)
  assert.match(comments()[0]!.body, /^Security audit finding: Done\.\nVERDICT: findings/)
})
