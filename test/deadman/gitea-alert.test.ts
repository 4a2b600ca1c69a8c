/**
 * Deadman reaches a human through the real gitea plugin and the fake Gitea server: one alert issue per
 * incident, a heartbeat that pings Gitea and queues again the work that failed while it was down.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkSchema } from '../../core/config/check-schema.js'
import { resolvePaths } from '../../core/config/paths.js'
import { ConfigSchema } from '../../core/config/schema.js'
import { createHost } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { definePlugin } from '../../core/plugin.js'
import { type FakeGitea, startFakeGitea } from '../gitea/fake-gitea.js'
import { sandbox } from '../helpers/temp.js'

type Cleanup = { after(fn: () => unknown): void }

/** Every built-in plugin (deadman, gitea, queue, …) plus `extra`, with Gitea at the fake server. */
async function boot(
  t: Cleanup,
  gitea: FakeGitea,
  deadman: Record<string, unknown>,
  extra = [] as ReturnType<typeof definePlugin>[],
) {
  const box = sandbox(t)
  const config = checkSchema(ConfigSchema, {
    pluginOptions: {
      gitea: { url: gitea.url, token: gitea.token, retry: { attempts: 1 } },
      deadman: { stampDir: box.root, ...deadman },
    },
  })
  const host = await createHost({
    loaded: { config, paths: resolvePaths({}, box.env, box.cwd) },
    log: silentLogger,
    dropIns: false,
    plugins: extra,
  })
  t.after(() => host.close('test'))
  return { host, dm: host.service('deadman')! }
}

test('a wizard that goes down opens one alert issue; later alerts of the incident comment on it', async (t) => {
  const gitea = await startFakeGitea()
  t.after(() => gitea.close())
  gitea.addRepo('ops/fleet')
  const { dm } = await boot(t, gitea, {
    dryRun: false,
    maxRetries: 0,
    alert: { repo: 'ops/fleet' },
    wizards: { ezra: { restart: ['true'] } },
  })
  const t0 = Date.now()
  await dm.beat('ezra', { source: 'test', kind: 'start', run: 's1', at: t0 })
  // Silent past the grace, no restarts allowed: retries exhausted → an alert.
  const down = await dm.tick(t0 + 400_000)
  const alert = down.actions.find((a) => a.kind === 'alert')!
  assert.equal(alert.outcome, 'ok')
  assert.equal(alert.detail.delivered, 'gitea.issue')
  const repo = gitea.state.repo('ops/fleet')!
  assert.equal(repo.issues.length, 1, 'one alert issue')
  const issue = repo.issues[0]!
  assert.match(issue.title, /ezra is down/)
  assert.match(issue.body, /TIMMY_ERR_DEADMAN_RETRIES_EXHAUSTED/)
  // The run s1 never finished: the detector alerts again, in the same incident → a comment, not an issue.
  const later = await dm.tick(t0 + 3_700_000)
  const second = later.actions.find((a) => a.kind === 'alert')!
  assert.equal(second.detail.delivered, 'gitea.comment')
  assert.equal(repo.issues.length, 1, 'still one issue')
  const comments = repo.comments.filter((c) => c.issue === issue.number)
  assert.equal(comments.length, 1)
  assert.match(comments[0]!.body, /run "s1"/)
})

test('the heartbeat pings Gitea; when it answers again, work that failed while it was down is queued again', async (t) => {
  const gitea = await startFakeGitea()
  t.after(() => gitea.close())
  gitea.addRepo('ops/fleet')
  // A drop-in task that reads from Gitea through the real gitea service.
  const reader = definePlugin({
    name: 'repo-reader',
    version: '1.0.0',
    setup(h) {
      h.registerTask({
        name: 'read-repo',
        retries: 0,
        handler: async () => (await h.use('gitea').client().getRepo('ops/fleet')).full_name,
      })
    },
  })
  const { host, dm } = await boot(t, gitea, { wizards: { ezra: {} } }, [reader])
  const queue = host.service('queue')!
  await queue.start({ scheduler: false, concurrency: 1 })
  const settled = async (id: number) => {
    for (;;) {
      const r = await queue.result(id)
      if (r && r.state !== 'queued' && r.state !== 'running') return r
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  const up = await dm.heartbeat()
  assert.deepEqual(up.gitea, { reachable: true, requeued: [] })

  // Gitea goes away: the job fails for want of it, and the heartbeat sees it down.
  gitea.fault({ drop: 'before', times: 1000 })
  const id = await queue.enqueue('read-repo')
  const failed = await settled(id)
  assert.equal(failed.state, 'failed')
  assert.equal(failed.error?.code, 'TIMMY_ERR_GITEA_NETWORK')
  const down = await dm.heartbeat()
  assert.equal(down.gitea?.reachable, false)
  assert.deepEqual(down.gitea?.requeued, [])

  // Back: the failed job is queued again and now succeeds.
  gitea.clearFaults()
  const back = await dm.heartbeat()
  assert.deepEqual(back.gitea, { reachable: true, requeued: [id] })
  const done = await settled(id)
  assert.equal(done.state, 'done')
  assert.equal(done.result, 'ops/fleet')
  // Nothing is queued twice on the next beat.
  assert.deepEqual((await dm.heartbeat()).gitea?.requeued, [])
})
