import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { definePlugin, type PluginHost } from '../../core/plugin.js'
import { openStore } from '../../core/store/store.js'
import dispatchPlugin from '../../plugins/dispatch/index.js'
import giteaPlugin from '../../plugins/gitea/index.js'
import { openSqliteDispatchLog } from '../../plugins/orchestrator/sqlite-dispatch-log.js'
import { tick } from '../../plugins/orchestrator/tick.js'
import policyPlugin from '../../plugins/policy/index.js'
import triagePlugin from '../../plugins/triage/index.js'
import { triageSource } from '../../plugins/triage/source.js'
import { addReview, addStatus } from '../gitea/fake-gitea-check-routes.js'
import { fakeGitea } from '../gitea/helpers.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox, tempDir } from '../helpers/temp.js'
import { makeBacklog, NOW } from '../triage/backlog.js'

test('a tick triages, routes by lane capacity (the rest stays queued), dispatches, tracks PRs and gates them', async (t) => {
  const fake = await fakeGitea(t)
  const { issues } = makeBacklog(60, 21)
  for (const repo of ['fleet/api', 'fleet/web']) fake.addRepo(repo)
  for (const login of ['timmy-coder', 'timmy-reviewer', 'alice']) fake.addUser(login)
  const created = issues.map((i) => ({
    repo: i.repo,
    issue: fake.addIssue(i.repo, { title: i.title, body: i.body }),
  }))
  const lanes = {
    coder: { agent: 'timmy-coder', maxConcurrent: 2 },
    reviewer: { agent: 'timmy-reviewer', maxConcurrent: 1 },
  }
  let api: PluginHost | undefined
  const probe = definePlugin({ name: 'probe', version: '1', setup: (h) => void (api = h) })
  const { host } = await testHost(t, {
    plugins: [giteaPlugin, triagePlugin, dispatchPlugin, policyPlugin, probe],
    config: {
      pluginOptions: {
        gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 },
        dispatch: { mode: 'fake' },
        triage: {
          repos: ['fleet/api', 'fleet/web'],
          lanes,
          rules: {
            rules: [
              { name: 'bugs', match: { title: '/crash|error|bug/i' }, actions: { lane: 'coder' } },
              { name: 'all', actions: { lane: 'reviewer' } },
            ],
          },
        },
      },
    },
  })
  const store = await openStore(join(tempDir(t), 'timmy.db'))
  t.after(() => store.close())
  const log = openSqliteDispatchLog(store)
  const gitea = host.service('gitea')!
  const laneList = Object.entries(lanes).map(([name, l]) => ({ name, ...l, repos: ['*'] }))
  const running = new Set<Promise<unknown>>()
  const base = {
    repos: ['fleet/api', 'fleet/web'],
    lanes: laneList,
    source: triageSource(api!, 'the test'),
    log,
    signOffLabel: 'approved',
    now: NOW,
    gate: { gitea, policy: host.service('policy') },
  }

  const dry = await tick(api!, { ...base, confirm: false }, running)
  assert.equal(dry.intake.unassigned, 60)
  assert.deepEqual(dry.dispatch, [], 'a dry tick routes nothing yet: triage only planned')
  assert.equal((await log.all()).length, 0)

  const first = await tick(api!, { ...base, confirm: true }, running)
  assert.equal((first.triage as { changed: number }).changed, 20, 'the default ceiling of 20')
  assert.equal(first.dispatch.filter((d) => d.lane === 'coder').length, 2, 'coder capacity 2')
  assert.equal(first.dispatch.filter((d) => d.lane === 'reviewer').length, 1, 'reviewer capacity 1')
  assert.ok(first.route.coder!.queued > 2, 'the rest stays queued, not dropped')
  await Promise.all([...running])
  assert.equal((await log.all()).filter((r) => r.status === 'done').length, 3)
  // An issue dispatched earlier whose PR is now open, approved and green.
  const target = created[0]!
  await log.start(target.repo, target.issue.number, 'coder', NOW)
  await log.finish(target.repo, target.issue.number, 'done', 'ok', NOW)
  const pr = fake.addPull(target.repo, { head: 'fix-crash', title: 'Fix crash' })
  pr.body = `Fixes #${target.issue.number}`
  addReview(fake, pr, { user: 'alice', state: 'APPROVED' })
  addStatus(fake, target.repo, pr, { state: 'success' })
  const second = await tick(api!, { ...base, confirm: true }, running)
  assert.equal(second.dispatch.length, 3, 'capacity is free again: the next items go')
  await Promise.all([...running])
  const dispatched = (await log.all()).map((r) => `${r.repo}#${r.issue}`)
  assert.equal(new Set(dispatched).size, dispatched.length, 'no item dispatched twice')
  assert.deepEqual(
    second.track.find((x) => x.pull === pr.number),
    { repo: target.repo, issue: target.issue.number, pull: pr.number },
  )
  assert.deepEqual(
    second.verify.find((v) => v.pull === pr.number),
    {
      repo: target.repo,
      pull: pr.number,
      action: 'merge',
      failed: [],
      planned: false,
    },
  )
  assert.equal(pr.pull!.merged, true)
})

test('two orchestrators on one store: exactly one runs; a standby takes over after the holder dies and its lease expires', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { orchestrator: { leaseTtlMs: 1500, intervalMs: 300 } } }),
  )
  const a = spawnCli(['orchestrate'], { cwd: box.cwd, env: box.env })
  t.after(() => a.kill('SIGKILL'))
  await waitForOutput(a, /lease acquired by (\S+)/)
  const b = await runCli(['orchestrate'], { cwd: box.cwd, env: box.env })
  assert.equal(b.code, 2)
  assert.match(b.stderr, /TIMMY_ERR_ORCHESTRATOR_HELD/)
  assert.match(b.stderr, new RegExp(`:${a.pid}`), 'names the holder')
  const c = spawnCli(['orchestrate', '--standby'], { cwd: box.cwd, env: box.env })
  t.after(() => c.kill('SIGKILL'))
  await new Promise((r) => setTimeout(r, 800))
  a.kill('SIGKILL')
  const [, holder] = await waitForOutput(c, /lease acquired by (\S+)/, 20_000)
  assert.equal(holder, `${holder!.split(':')[0]}:${c.pid}`)
  const exited = new Promise((r) => c.on('exit', r))
  c.kill('SIGTERM')
  assert.equal(await exited, 0)
})
