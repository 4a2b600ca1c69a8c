/**
 * An exhausted budget holds the pipeline's queued runs, for real: built-in plugins (queue, budget,
 * playbooks, pool), the real store and a real queue worker. The run waits in the queue — `timmy
 * tasks list` shows it waiting, with the budget's reason — and runs when the budget's window resets
 * (the clock is the only stand-in) or when an operator resets the budget.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { mock, test } from 'node:test'
import { workItemFrom } from '../../plugins/playbooks/work-item.js'
import { runCli } from '../helpers/cli.js'
import { testHost } from '../helpers/host.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const PLAYBOOK = `name: fixer
lane: coder
on: manual
steps:
  - id: work
    use: playbooks/fakeAgent
    with: { prompt: "fix the widget list" }
`

async function boot(t: { after(fn: () => unknown): void }, window: 'hourly' | 'daily') {
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'lanes.yaml'),
    'lanes:\n  coder:\n    wizard: coder\n    maxConcurrent: 2\n    repos: ["*"]\n',
  )
  writeFileSync(join(dir, 'fixer.yaml'), PLAYBOOK)
  const config = {
    pluginOptions: {
      playbooks: { dir },
      queue: { pollIntervalMs: 20 },
      budget: { budgets: [{ name: 'fixer-cap', scope: 'pipeline', match: 'fixer', window, tokens: 1000 }] },
    },
  }
  const { host } = await testHost(t, { box, builtins: true, config })
  return {
    box,
    host,
    budget: host.service('budget')!,
    queue: host.service('queue')!,
    playbooks: host.service('playbooks')!,
  }
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function exhaustAndEnqueue(s: Awaited<ReturnType<typeof boot>>) {
  await s.budget.record({ source: 'dispatch', playbook: 'fixer', lane: 'coder', input_tokens: 1000 })
  assert.equal((await s.budget.paused({ playbook: 'fixer', lane: 'coder' })).length, 1)
  const queued = await s.playbooks.enqueue('fixer', workItemFrom(null))
  assert.ok(queued.queued)
  const id = queued.id as number
  await s.queue.start({ scheduler: false, concurrency: 1 })
  await until(async () => (await s.queue.get(id))?.waiting !== undefined, 'the run to be held')
  return id
}

async function listed(box: Sandbox, id: number, ...flags: string[]) {
  const r = await runCli(['tasks', 'list', ...flags], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
  return r.stdout.split('\n').find((l) => l.trimStart().startsWith(`${id} `)) ?? ''
}

test('a run of a pipeline whose budget is exhausted waits in the queue and runs when the window resets', async (t) => {
  const start = Date.UTC(2026, 10, 28, 14, 20)
  mock.timers.enable({ apis: ['Date'], now: start })
  t.after(() => mock.timers.reset())
  const s = await boot(t, 'hourly')
  const id = await exhaustAndEnqueue(s)

  const held = (await s.queue.get(id))!
  assert.equal(held.state, 'queued')
  assert.equal(held.attempts, 0, 'a held run uses none of its attempts')
  assert.equal(held.runAt, '2026-11-28T15:00:00.000Z', 'it waits for the next hourly window')
  assert.match(held.waiting!.reason, /budget "fixer-cap" is exhausted/)
  assert.equal((await s.playbooks.recent()).length, 0, 'the playbook did not run')
  const line = await listed(s.box, id)
  assert.match(line, /playbooks\.run\s+waiting/)
  assert.match(line, /fixer-cap/)
  assert.match(await listed(s.box, id, '--state', 'waiting'), /fixer-cap/, '--state waiting lists it')
  assert.equal(await listed(s.box, id, '--state', 'running'), '', 'a held run is not running')

  mock.timers.setTime(Date.UTC(2026, 10, 28, 15, 0, 1))
  await until(async () => (await s.queue.get(id))?.state === 'done', 'the run after the window reset')
  const done = (await s.queue.get(id))!
  assert.equal((done.result as { outcome: string }).outcome, 'ok')
  assert.equal(done.waiting, undefined)
  const [status] = await s.budget.status()
  assert.ok(status!.spentTokens > 0, 'the run spent in the new window')
})

test('a held run runs as soon as an operator resets the budget (timmy budget reset in another process)', async (t) => {
  const s = await boot(t, 'daily')
  const id = await exhaustAndEnqueue(s)
  assert.equal((await s.queue.get(id))!.state, 'queued')
  const reset = await runCli(['budget', 'reset', 'fixer-cap', '--reason', 'more budget'], {
    cwd: s.box.cwd,
    env: s.box.env,
  })
  assert.equal(reset.code, 0, reset.stderr)
  await until(async () => (await s.queue.get(id))?.state === 'done', 'the run after the reset')
  assert.equal(((await s.queue.get(id))!.result as { outcome: string }).outcome, 'ok')
})
