import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Effect } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { openStore } from '../../core/store/store.js'
import dispatchPlugin from '../../plugins/dispatch/index.js'
import { dispatchLog, migrateDispatchLog } from '../../plugins/orchestrator/dispatch-log.js'
import { tick } from '../../plugins/orchestrator/tick.js'
import triagePlugin from '../../plugins/triage/index.js'
import type { TriageEffect } from '../../plugins/triage/types.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { sandbox, tempDir } from '../helpers/temp.js'
import { NOW, applyEffects, makeBacklog } from '../triage/backlog.js'

test('a tick triages, routes by lane capacity (the rest stays queued), dispatches, tracks PRs and verifies them', async (t) => {
  const { issues, pulls } = makeBacklog(60, 21)
  for (const i of issues) {
    i.labels = []
    i.assignees = []
  }
  pulls.length = 0
  pulls.push({
    number: 900,
    title: 'Fix crash',
    body: `Fixes #${issues[0]!.number}`,
    state: 'open',
    head: { ref: 'x' },
    repo: issues[0]!.repo,
    labels: [{ name: 'approved' }],
  } as never)
  const gitea = definePlugin({
    name: 'stand-in-gitea',
    version: '1',
    setup(h) {
      h.provide('gitea', {
        listOpenIssues: async (repo: string) =>
          structuredClone(issues.filter((i) => i.repo === repo && i.state === 'open')),
        listOpenPulls: async (repo: string) => pulls.filter((p) => p.repo === repo),
      })
      for (const kind of ['gitea.label', 'gitea.assign', 'gitea.comment', 'gitea.close'])
        h.registerEffect(kind, (e: Effect) => void applyEffects(issues, [e as TriageEffect], NOW))
    },
  })
  const lanes = {
    coder: { agent: 'timmy-coder', maxConcurrent: 2 },
    reviewer: { agent: 'timmy-reviewer', maxConcurrent: 1 },
  }
  let api: import('../../core/plugin.js').PluginHost | undefined
  const probe = definePlugin({ name: 'probe', version: '1', setup: (h) => void (api = h) })
  const { host } = await testHost(t, {
    plugins: [gitea, triagePlugin, dispatchPlugin, probe],
    config: {
      pluginOptions: {
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
  migrateDispatchLog(store)
  const log = dispatchLog(store)
  const source = host.service<never>('gitea') as never
  const laneList = Object.entries(lanes).map(([name, l]) => ({ name, ...l, repos: ['*'] }))
  const running = new Set<Promise<unknown>>()
  const base = {
    repos: ['fleet/api', 'fleet/web'],
    lanes: laneList,
    source,
    log,
    signOffLabel: 'approved',
    now: NOW,
  }

  const dry = await tick(api!, { ...base, confirm: false }, running)
  assert.equal(dry.intake.unassigned, 60)
  assert.deepEqual(dry.dispatch, [], 'a dry tick routes nothing yet: triage only planned')
  assert.equal(log.all().length, 0)

  const first = await tick(api!, { ...base, confirm: true }, running)
  assert.equal((first.triage as { changed: number }).changed, 20, 'the default ceiling of 20')
  assert.equal(first.dispatch.filter((d) => d.lane === 'coder').length, 2, 'coder capacity 2')
  assert.equal(first.dispatch.filter((d) => d.lane === 'reviewer').length, 1, 'reviewer capacity 1')
  assert.ok(first.route.coder!.queued > 2, 'the rest stays queued, not dropped')
  await Promise.all([...running])
  assert.equal(log.all().filter((r) => r.status === 'done').length, 3)
  // An issue dispatched earlier whose PR is now open and signed off.
  log.start(issues[0]!.repo, issues[0]!.number, 'coder', NOW)
  log.finish(issues[0]!.repo, issues[0]!.number, 'done', 'ok', NOW)
  const second = await tick(api!, { ...base, confirm: true }, running)
  assert.equal(second.dispatch.length, 3, 'capacity is free again: the next items go')
  await Promise.all([...running])
  const dispatched = log.all().map((r) => `${r.repo}#${r.issue}`)
  assert.equal(new Set(dispatched).size, dispatched.length, 'no item dispatched twice')
  assert.deepEqual(
    second.track.find((x) => x.pull === 900),
    { repo: issues[0]!.repo, issue: issues[0]!.number, pull: 900 },
  )
  assert.deepEqual(
    second.verify.find((v) => v.pull === 900),
    { repo: issues[0]!.repo, pull: 900, eligible: true, why: 'signed off, checks green, policy clean' },
  )
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
