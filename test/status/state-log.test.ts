/**
 * Every state change an operator needs is one `info` line (pino level 30) at the default level: a real
 * host with every built-in plugin, served through the real server, logging through the real pino
 * logger into a buffer. Driven through the services the CLI and `timmy serve` use: wizard up → late →
 * down (deadman ticks with a moved clock), a budget paused and resumed, a Hermes call vetoed (the
 * bridge), a playbook step vetoed (the runner, the budget), drift appearing and clearing, a deploy and
 * a rollback.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { createLogger } from '../../core/log.js'
import { startServer } from '../../core/server/create-server.js'
import { baseOverlay, OPERATOR_POLICY, writeOverlay } from '../deploy/_overlay.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

interface Line {
  level: number
  msg: string
  [field: string]: unknown
}

const INFO = 30

test('every state change is one info line with its fields', { timeout: 120_000 }, async (t) => {
  const box = sandbox(t)
  baseOverlay(box.cwd) // config/cron.yaml declares a job that is not deployed yet: drift
  const pbDir = join(box.root, 'pb')
  mkdirSync(pbDir)
  writeFileSync(join(pbDir, 'lanes.yaml'), 'lanes:\n  coder:\n    wizard: coder\n')
  writeFileSync(
    join(pbDir, 'hold.yaml'),
    'name: hold\nlane: coder\non: manual\nsteps:\n  - id: reserve\n    use: budget/reserve\n    with: { tokens: 100 }\n',
  )
  const lines: Line[] = []
  let buffered = ''
  const sink = new Writable({
    write(chunk, _enc, done) {
      buffered += String(chunk)
      let nl = buffered.indexOf('\n')
      while (nl >= 0) {
        lines.push(JSON.parse(buffered.slice(0, nl)) as Line)
        buffered = buffered.slice(nl + 1)
        nl = buffered.indexOf('\n')
      }
      done()
    },
  })
  const log = await createLogger('info', sink)
  const { host } = await testHost(t, {
    box,
    builtins: true,
    log,
    config: {
      pluginOptions: {
        queue: { concurrency: 0, scheduler: false },
        playbooks: { dir: pbDir, builtin: false },
        deploy: { source: box.cwd },
        policy: OPERATOR_POLICY,
        budget: { budgets: [{ name: 'fleet', tokens: 1000, window: 'daily' }], importHermes: false },
        deadman: { wizards: { coder: {} }, stampDir: box.root, periodSeconds: 60, graceSeconds: 60 },
        'state-log': { driftCheckSeconds: 1 },
      },
    },
  })
  const info = (pattern: RegExp) => lines.filter((l) => l.level === INFO && pattern.test(l.msg))
  const one = (pattern: RegExp): Line => {
    const found = info(pattern)
    assert.equal(
      found.length,
      1,
      `one info line ${pattern}, found ${found.length}:\n${lines.map((l) => `${l.level} ${l.msg}`).join('\n')}`,
    )
    return found[0]!
  }

  // `timmy serve`: the drift check runs when it starts.
  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1 << 20 })
  t.after(() => server.close())
  assert.deepEqual(one(/^drift: 1 item/).drift, ['missing timmy-digest'])

  // Wizard up → late → down, on the deadman's own clock.
  const deadman = host.service('deadman')!
  const t0 = Date.now()
  await deadman.beat('coder', { source: 'test', at: t0 })
  await deadman.tick(t0)
  await deadman.tick(t0 + 90_000)
  await deadman.tick(t0 + 150_000)
  const late = one(/^wizard coder: up → late/)
  assert.deepEqual([late.wizard, late.from, late.to], ['coder', 'up', 'late'])
  const down = one(/^wizard coder: late → down/)
  assert.deepEqual([down.wizard, down.from, down.to], ['coder', 'late', 'down'])
  const up = one(/^wizard coder: \w+ → up/)
  assert.deepEqual([up.wizard, up.to], ['coder', 'up'])

  // A budget runs out: its pipelines pause.
  const budget = host.service('budget')!
  await budget.record({
    source: 'test',
    lane: 'coder',
    model: 'm',
    input_tokens: 1500,
    output_tokens: 0,
    key: 'spend-1',
  })
  const paused = one(/^budget "fleet" is exhausted.*paused/)
  assert.deepEqual([paused.budget, paused.state], ['fleet', 'exhausted'])
  assert.equal(lines.filter((l) => l.state === 'exhausted').length, 1) // at info, not also at warn

  // A Hermes tool call is vetoed by the exhausted budget (the bridge's handler, as its route runs it).
  const bridge = host.service('bridge')!
  await bridge.handle({
    hook: 'pre_tool_call',
    kwargs: { tool_name: 'terminal', args: { command: 'ls' }, session_id: 's-1' },
  })
  const vetoed = one(/^Hermes call vetoed/)
  assert.deepEqual([vetoed.hook, vetoed.sessionId, vetoed.by], ['pre_tool_call', 's-1', 'budget'])
  assert.match(String(vetoed.reason), /fleet/)

  // A playbook step is vetoed by the same budget (applied run through the real runner).
  const playbooks = host.service('playbooks')!
  const report = await playbooks.run('hold', { apply: true })
  assert.equal(report.outcome, 'vetoed')
  const step = one(/^veto: playbook hold step reserve vetoed by budget/)
  assert.deepEqual(
    [step.playbook, step.step, step.by, step.runId],
    ['hold', 'reserve', 'budget', report.runId],
  )
  assert.equal(info(/^veto: playbook hold run vetoed/).length, 0) // one line per veto, not two
  // A dry run changes nothing and logs no veto.
  await playbooks.run('hold')
  assert.equal(info(/^veto: playbook hold/).length, 1)

  // Reset: the budget resumes.
  await budget.reset('fleet', { actor: 'test' })
  const resumed = one(/^budget "fleet" is no longer exhausted; its pipelines resume/)
  assert.deepEqual([resumed.budget, resumed.state], ['fleet', 'resumed'])

  // Deploy: one line; the drift it fixes clears at the next check.
  const deploy = host.service('deploy')!
  await deploy.deploy()
  const first = one(/^deploy: generation 1 /)
  assert.equal(first.generation, 1)
  for (let i = 0; i < 50 && info(/^drift cleared/).length === 0; i++) await sleep(100)
  assert.deepEqual(one(/^drift cleared/).drift, [])

  // A second deploy, then a rollback to the first.
  writeOverlay(box.cwd, { 'config/SOUL.md': '# Soul v2\n' })
  await deploy.deploy()
  assert.equal(one(/^deploy: generation 2 /).generation, 2)
  await deploy.rollback()
  const rollback = one(/^rollback: generation 2 → 1/)
  assert.deepEqual([rollback.from, rollback.to], [2, 1])
})
