/**
 * Issue 6's acceptance, against the fake Gitea through the real gitea service: a backlog of 300 mixed
 * issues; `timmy triage sweep` (the real CLI) plans, `--confirm` writes exactly the plan (compared
 * with the fake's recorded write requests), a second sweep changes nothing, the ceiling caps each
 * run, and no exempt issue is ever closed.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../core/config/load-config.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import type { SweepResult } from '../../plugins/triage/run-sweep.js'
import type { TriageEffect } from '../../plugins/triage/types.js'
import type { FakeGitea, RecordedRequest } from '../gitea/fake-gitea.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { seedBacklog, triageConfig } from './gitea-fake-backlog.js'

const writes = (fake: FakeGitea, from = 0) =>
  fake.requests.slice(from).filter((r) => r.method !== 'GET' && r.status < 300)

/** The issue-level requests an effect makes (label creation, per repo and name, is counted apart). */
function expectedRequests(
  effects: readonly TriageEffect[],
  labelIds: (repo: string, name: string) => number,
) {
  const out: string[] = []
  for (const e of effects) {
    const issue = `/api/v1/repos/${e.repo}/issues/${e.issue}`
    if (e.kind === 'gitea.label') out.push(`POST ${issue}/labels`)
    else if (e.kind === 'gitea.comment') out.push(`POST ${issue}/comments`)
    else if (e.kind === 'gitea.assign' || e.kind === 'gitea.close') out.push(`PATCH ${issue}`)
    else if (e.kind === 'gitea.unlabel')
      for (const l of e.labels) out.push(`DELETE ${issue}/labels/${labelIds(e.repo, l)}`)
  }
  return out
}
const issueLevel = (rs: RecordedRequest[]) =>
  rs.filter((r) => !/\/repos\/[^/]+\/[^/]+\/labels$/.test(r.path)).map((r) => `${r.method} ${r.path}`)

function closedProtected(fake: FakeGitea, protectedIssues: Set<string>): string[] {
  const out: string[] = []
  for (const key of protectedIssues) {
    const [repo, n] = key.split('#') as [string, string]
    const issue = fake.state.repo(repo)!.issues.find((i) => i.number === Number(n))!
    if (issue.state === 'closed') out.push(key)
  }
  return out
}

test('timmy triage sweep plans, --confirm writes exactly the plan, and a second sweep changes nothing', async (t) => {
  const fake = await fakeGitea(t)
  const protectedIssues = seedBacklog(fake, 300, Date.now())
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(triageConfig(fake, 1000)))
  const cli = async (...args: string[]) => {
    const r = await runCli(['triage', 'sweep', '--json', ...args], {
      cwd: box.cwd,
      env: box.env,
      timeoutMs: 120_000,
    })
    assert.equal(r.code, 0, r.stderr)
    return JSON.parse(r.stdout) as SweepResult
  }

  const dry = await cli()
  assert.equal(dry.examined, 300)
  assert.equal(dry.confirm, false)
  assert.equal(writes(fake).length, 0, 'a dry run writes nothing')
  const kinds = new Set(dry.changes.flatMap((c) => c.effects.map((e) => e.kind)))
  for (const k of ['gitea.label', 'gitea.assign', 'gitea.comment', 'gitea.close'])
    assert.ok(kinds.has(k as TriageEffect['kind']), `the backlog exercises ${k}`)
  assert.equal(dry.deferred, 0)

  const before = fake.requests.length
  const real = await cli('--confirm')
  assert.deepEqual(real.changes, dry.changes, 'the confirmed sweep applies the plan the dry run showed')
  const planned = dry.changes.flatMap((c) => c.effects)
  assert.equal(real.applied, planned.length)
  const labelId = (repo: string, name: string) =>
    fake.state.repo(repo)!.labels.find((l) => l.name === name)!.id
  assert.deepEqual(
    issueLevel(writes(fake, before)),
    expectedRequests(planned, labelId),
    'the fake saw the plan, in order',
  )

  // The labels the rules asked for exist with their colours, and every planned label is on its issue.
  const api = fake.state.repo('fleet/api')!
  if (api.labels.some((l) => l.name === 'bug'))
    assert.equal(api.labels.find((l) => l.name === 'bug')!.color, 'd73a4a')
  for (const e of planned.filter((e) => e.kind === 'gitea.label')) {
    const r = fake.state.repo(e.repo)!
    const issue = r.issues.find((i) => i.number === e.issue)!
    for (const name of e.labels)
      assert.ok(issue.labels.includes(labelId(e.repo, name)), `${e.repo}#${e.issue} ${name}`)
  }
  assert.deepEqual(closedProtected(fake, protectedIssues), [], 'no exempt issue was closed')

  const afterFirst = fake.requests.length
  const again = await cli('--confirm')
  assert.equal(again.changes.length, 0, 'a second sweep changes nothing')
  assert.equal(writes(fake, afterFirst).length, 0)
})

test('the ceiling caps the issues changed per run; later runs take the rest; exempt issues stay open', async (t) => {
  const fake = await fakeGitea(t)
  const protectedIssues = seedBacklog(fake, 300, Date.now(), 23)
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(triageConfig(fake, 40)))
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  const host = await createHost({ loaded, log: silentLogger, dropIns: false })
  t.after(() => host.close('test'))
  const triage = host.service('triage')!
  const total = (await triage.sweep({ ceiling: 10_000 })).changes.length
  assert.ok(total > 80, `enough work for several runs (${total})`)
  let done = 0
  let runs = 0
  for (;;) {
    const from = fake.requests.length
    const r = await triage.sweep({ confirm: true })
    if (r.changes.length === 0) break
    runs++
    assert.ok(r.changes.length <= 40)
    const touched = new Set(
      writes(fake, from)
        .map((q) => /\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)/.exec(q.path))
        .filter(Boolean)
        .map((m) => `${m![1]}#${m![2]}`),
    )
    assert.ok(touched.size <= 40, `run ${runs} touched ${touched.size} issues`)
    assert.equal(r.deferred, Math.max(0, total - done - 40))
    done += r.changes.length
    assert.ok(runs < 20, 'the sweeps converge')
  }
  assert.equal(done, total)
  assert.equal(runs, Math.ceil(total / 40))
  assert.deepEqual(closedProtected(fake, protectedIssues), [], 'no exempt issue was closed')
})
