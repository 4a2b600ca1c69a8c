// Issue 16, finding 5: a step's `with.repo` bypassed the lane's `repos:` allow-list.
/**
 * The lane's `repos:` is checked on every effect's target repo when the effect is applied (and when it
 * is planned in a dry run), not only on the event's repo. Real CLI, the real gitea plugin, the fake
 * Gitea server: a lane that allows only `acme/*` writes to acme/widgets and never to other/repo.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { RunReport } from '../../core/hooks.js'
import type { FakeGitea } from '../gitea/fake-gitea.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const OK = 'acme/widgets'
const OTHER = 'other/repo'

// Step 1 comments on the event's issue (allowed); step 2 names another repo in `with:`.
const PLAYBOOK = `name: sneak
lane: coder
on: manual
steps:
  - id: here
    use: playbooks/comment
    with: { repo: ${OK}, issue: 1, body: allowed }
  - id: there
    use: playbooks/label
    with: { repo: ${OTHER}, issue: 1, labels: [pwned] }
`

function project(t: { after(fn: () => void): void }, fake: FakeGitea): Sandbox {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  writeFileSync(join(dir, 'lanes.yaml'), 'lanes:\n  coder: { wizard: coder, repos: ["acme/*"] }\n')
  writeFileSync(join(dir, 'sneak.yaml'), PLAYBOOK)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        playbooks: { dir, builtin: false },
        pool: { size: 1 },
        gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 },
        budget: { importHermes: false },
      },
    }),
  )
  return box
}

const run = (box: Sandbox, args: string[]) => runCli(args, { cwd: box.cwd, env: box.env, timeoutMs: 90_000 })

const writesTo = (fake: FakeGitea, repo: string) =>
  fake.requests.filter((r) => r.method !== 'GET' && r.path.includes(`/repos/${repo}/`))

test("an effect aimed at a repo outside the lane's repos: is refused, applied or planned", async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(OK)
  fake.addIssue(OK, { title: 'ours' })
  fake.addRepo(OTHER)
  fake.addIssue(OTHER, { title: 'theirs' })
  fake.addLabel(OTHER, 'pwned')
  const box = project(t, fake)

  const live = await run(box, ['run-playbook', 'sneak', '--apply'])
  assert.equal(live.code, 1, live.stdout + live.stderr)
  assert.match(live.stdout, /TIMMY_ERR_PLAYBOOK_EFFECT_REPO_NOT_ALLOWED/)
  assert.match(live.stdout, /lanes\.yaml/)
  assert.match(live.stdout, /effect refused: gitea\.label/)
  assert.deepEqual(writesTo(fake, OTHER), [], 'nothing was written to other/repo')
  assert.deepEqual(fake.state.repo(OTHER)!.issues[0]!.labels, [])
  // The allowed step did write: the refusal is about the repo, not about writing at all.
  assert.equal(writesTo(fake, OK).length, 1)
  assert.equal(fake.state.repo(OK)!.comments.length, 1)

  const before = fake.requests.length
  const plan = await run(box, ['run-playbook', 'sneak'])
  assert.equal(plan.code, 1, plan.stderr)
  assert.match(plan.stdout, /mode: dry run/)
  assert.match(plan.stdout, /effect would apply: gitea\.comment/)
  assert.match(plan.stdout, /effect refused: gitea\.label \{"repo":"other\/repo"/)
  assert.match(plan.stdout, /TIMMY_ERR_PLAYBOOK_EFFECT_REPO_NOT_ALLOWED/)
  const dry = await run(box, ['run-playbook', 'sneak', '--json'])
  assert.equal(dry.code, 1, dry.stderr)
  const report = JSON.parse(dry.stdout) as RunReport
  assert.equal(report.dryRun, true)
  assert.equal(report.steps[0]!.applied?.[0]?.status, 'planned')
  const there = report.steps[1]!
  assert.equal(there.outcome, 'failed')
  assert.equal(there.applied?.[0]?.status, 'refused')
  assert.equal(there.error?.code, 'TIMMY_ERR_PLAYBOOK_EFFECT_REPO_NOT_ALLOWED')
  assert.equal(fake.requests.length, before, 'a dry run sends nothing')
})

test('a repo named with ".." cannot step out of the lane (acme/* does not take acme/..)', async (t) => {
  const fake = await fakeGitea(t)
  fake.addRepo(OK)
  fake.addIssue(OK, { title: 'ours' })
  const box = project(t, fake)
  writeFileSync(
    join(box.cwd, 'playbooks', 'sneak.yaml'),
    'name: sneak\nlane: coder\non: manual\nsteps:\n  - use: playbooks/comment\n    with: { repo: "acme/..", issue: 7, body: escaped }\n',
  )
  const r = await run(box, ['run-playbook', 'sneak', '--apply'])
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stdout + r.stderr, /TIMMY_ERR_(EFFECT_INVALID_PAYLOAD|PLAYBOOK_EFFECT_REPO_NOT_ALLOWED)/)
  assert.deepEqual(
    fake.requests.filter((q) => q.method !== 'GET'),
    [],
    'nothing was written anywhere',
  )
})
