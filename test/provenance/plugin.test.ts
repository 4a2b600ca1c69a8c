import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../core/config/load-config.js'
import { type RunContext, type RunReport, STAGE, type StepResult } from '../../core/hooks.js'
import { createHost, type Host } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { definePlugin, type Plugin } from '../../core/plugin.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { createRegistry } from '../../training/consent.js'
import { curate } from '../../training/curate.js'
import { ingest } from '../../training/ingest.js'
import type { RawPair } from '../../training/types.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { writeFixture } from '../train/helpers/hermes-fixture.js'

/** The hermes plugin's state.db reader (what plugins/provenance passes to ingest). */
const stateDbReader = createHermesService().stateDb

async function bootHost(box: Sandbox, plugins: Plugin[] = []): Promise<Host> {
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  return createHost({ loaded, log: silentLogger, plugins })
}

const vetoAll = definePlugin({
  name: 'veto-all',
  version: '1.0.0',
  setup(h) {
    h.hooks.beforeRun.tap({ name: 'veto-all', stage: STAGE.policy }, () => ({
      veto: true,
      reason: 'closed today',
    }))
  },
})

function run(runId: string, dryRun = false): RunContext {
  return {
    runId,
    playbook: 'bug-fixer',
    lane: 'coder',
    dryRun,
    item: {
      id: 'gitea:issue:7',
      source: 'gitea',
      event: 'issues.labeled',
      payload: {},
      receivedAt: '2026-07-18T14:00:00Z',
    },
  }
}

function step(runId: string, stepId: string, extra: Partial<StepResult> = {}): StepResult {
  return {
    runId,
    stepId,
    playbook: 'bug-fixer',
    lane: 'coder',
    use: 'dispatch/agent',
    input: { prompt: 'fix it' },
    dryRun: false,
    outcome: 'ok',
    durationMs: 1234.4,
    usage: {
      model: 'anthropic/claude-sonnet-4.6',
      provider: 'openrouter',
      input_tokens: 5230,
      output_tokens: 412,
      cost: 0.02,
    },
    effects: [
      { kind: 'gitea.comment', body: 'done' },
      { kind: 'gitea.label', add: ['fixed'] },
    ],
    ...extra,
  }
}

async function fireRun(host: Host, runId: string, steps: StepResult[], dryRun = false) {
  const ctx = run(runId, dryRun)
  assert.equal(await host.hooks.beforeRun.promise(ctx), undefined, 'provenance never vetoes')
  for (const s of steps) {
    await host.hooks.beforeStep.promise(s)
    await host.hooks.afterStep.promise(s)
  }
  const report: RunReport = {
    ...ctx,
    outcome: 'ok',
    steps,
    startedAt: '2026-07-18T14:22:00.000Z',
    finishedAt: '2026-07-18T14:23:00.000Z',
  }
  await host.hooks.afterRun.promise(report)
}

test('the provenance plugin records every run and step: what ran, model, agent, tokens, outcome, effects', async (t) => {
  const box = sandbox(t)
  const host = await bootHost(box)
  t.after(() => host.close())
  const prov = host.service('provenance')
  assert.ok(prov, 'the provenance service is provided')
  assert.deepEqual(host.tapsOf('provenance').sort(), ['afterRun', 'afterStep', 'usage'])
  await fireRun(host, 'run-1', [
    step('run-1', 's1', {
      use: 'triage/classify',
      usage: { model: 'small', input_tokens: 10, output_tokens: 2 },
      effects: [],
    }),
    step('run-1', 's2', { agent: 'ezra' }),
    step('run-1', 's3', {
      outcome: 'vetoed',
      error: { code: 'BUDGET', message: 'over budget' },
      usage: {},
      effects: [],
    }),
  ])
  const rec = await prov.getRun('run-1')
  assert.ok(rec)
  assert.equal(rec.playbook, 'bug-fixer')
  assert.equal(rec.lane, 'coder')
  assert.equal(rec.item_id, 'gitea:issue:7')
  assert.equal(rec.item_source, 'gitea')
  assert.equal(rec.outcome, 'ok')
  assert.equal(rec.dry_run, false)
  assert.equal(rec.input_tokens, 5240)
  assert.equal(rec.output_tokens, 414)
  assert.equal(rec.finished_at, '2026-07-18T14:23:00.000Z')
  assert.deepEqual(
    rec.steps.map((s) => [s.step_id, s.use, s.agent, s.model, s.outcome, s.input_tokens]),
    [
      ['s1', 'triage/classify', 'coder', 'small', 'ok', 10],
      ['s2', 'dispatch/agent', 'ezra', 'anthropic/claude-sonnet-4.6', 'ok', 5230],
      ['s3', 'dispatch/agent', 'coder', null, 'vetoed', 0],
    ],
  )
  assert.deepEqual(rec.steps[1]!.effects, [
    { kind: 'gitea.comment', applied: true },
    { kind: 'gitea.label', applied: true },
  ])
  assert.equal(rec.steps[1]!.provider, 'openrouter')
  assert.equal(rec.steps[1]!.duration_ms, 1234)
  assert.equal(rec.steps[2]!.error, 'BUDGET: over budget')
  const store = await host.store()
  const tables = (
    store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'provenance%'")
      .all() as { name: string }[]
  ).map((r) => r.name)
  assert.deepEqual(tables.sort(), ['provenance_runs', 'provenance_sessions', 'provenance_steps'])
})

test('in a dry run the effects are recorded as planned, not applied', async (t) => {
  const box = sandbox(t)
  const host = await bootHost(box)
  t.after(() => host.close())
  await fireRun(host, 'dry-1', [step('dry-1', 's1', { dryRun: true })], true)
  const rec = await host.service('provenance')!.getRun('dry-1')
  assert.equal(rec?.dry_run, true)
  assert.deepEqual(
    rec?.steps[0]?.effects.map((e) => e.applied),
    [false, false],
  )
})

test('a beforeRun vetoed by another plugin is still recorded (the interceptor sees every run)', async (t) => {
  const box = sandbox(t)
  const host = await bootHost(box, [vetoAll])
  t.after(() => host.close())
  const veto = await host.hooks.beforeRun.promise(run('vetoed-1'))
  assert.equal(veto?.veto, true)
  const prov = host.service('provenance')!
  await prov.ready()
  // the interceptor records asynchronously
  for (let i = 0; i < 50 && !(await prov.getRun('vetoed-1')); i++) await new Promise((r) => setImmediate(r))
  const rec = await prov.getRun('vetoed-1')
  assert.equal(rec?.playbook, 'bug-fixer')
  assert.equal(rec?.outcome, null)
})

test('a training pair traces back to its session row and to the timmy run and step that produced it', async (t) => {
  const box = sandbox(t)
  const fx = writeFixture(box.root)
  const host = await bootHost(box)
  t.after(() => host.close())
  const fromStep = fx.ids.clean![0]!
  const fromUsage = fx.ids.clean![1]!
  await fireRun(host, 'run-7', [step('run-7', 'dispatch', { output: { session_id: fromStep, exit: 0 } })])
  await host.hooks.usage.promise({
    source: 'hermes',
    runId: 'run-7',
    stepId: 'dispatch',
    sessionId: fromUsage,
    at: '2026-07-18T14:23:00Z',
  })
  const prov = host.service('provenance')!
  await prov.ready()
  const stats = ingest({
    stateDb: fx.stateDb,
    stateDbReader,
    consent: createRegistry([{ scope: 'user', id: 'alice', level: 'train', at: '2026-01-01T00:00:00Z' }]),
    out: join(box.root, 'raw.jsonl'),
    runLinks: (ids) => prov.traceSessionsSync(ids),
  })
  assert.equal(stats.linked, 2)
  curate({ in: join(box.root, 'raw.jsonl'), out: join(box.root, 'curated.jsonl') })
  const pairs = readFileSync(join(box.root, 'curated.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RawPair)
  const pair = pairs.find((p) => p.session_id === fromStep)!
  assert.deepEqual(pair.timmy_run, {
    run_id: 'run-7',
    step_id: 'dispatch',
    playbook: 'bug-fixer',
    use: 'dispatch/agent',
  })
  assert.equal(pair.source.kind, 'state.db')
  assert.equal(pair.source.file, fx.stateDb)
  // the row is the session's rowid in state.db
  const Sqlite = (await import('better-sqlite3')).default
  const db = new Sqlite(fx.stateDb, { readonly: true })
  const row = db.prepare('SELECT rowid AS r FROM sessions WHERE id = ?').get(fromStep) as { r: number }
  db.close()
  assert.equal(pair.source.row, row.r)
  assert.equal(pairs.find((p) => p.session_id === fromUsage)!.timmy_run?.run_id, 'run-7')
  assert.equal(pairs.filter((p) => p.timmy_run).length, 2)
})

test('timmy train ingest links pairs to the runs recorded in $TIMMY_HOME', async (t) => {
  const box = sandbox(t)
  const fx = writeFixture(box.root)
  const host = await bootHost(box)
  await fireRun(host, 'run-9', [
    step('run-9', 'dispatch', { output: { sessionIds: [fx.ids.tools![0], fx.ids.tools![1]] } }),
  ])
  await host.close()
  const res = await runCli(['train', 'ingest', '--json', '--consent', fx.consentFile], {
    cwd: box.cwd,
    env: { ...box.env, HERMES_HOME: fx.hermesHome },
  })
  assert.equal(res.code, 0, res.stderr)
  assert.equal(JSON.parse(res.stdout).linked, 2)
})

test('the provenance/record step passes session ids on, and its afterStep links them to the run', async (t) => {
  const { record } = await import('../../plugins/provenance/steps.js')
  assert.deepEqual(await record({ session_id: 's-1', session_ids: ['s-2', '', 3 as never], secret: 'x' }), {
    output: { session_id: 's-1', session_ids: ['s-2'] },
  })
  const box = sandbox(t)
  const host = await bootHost(box)
  t.after(() => host.close())
  const { output } = await record({ session_id: 's-1' })
  await fireRun(host, 'run-r', [
    step('run-r', 'rec', { use: 'provenance/record', output, effects: [], usage: {} }),
  ])
  const links = await host.service('provenance')!.traceSessions(['s-1', 's-unknown'])
  assert.deepEqual(
    [...links],
    [['s-1', { run_id: 'run-r', step_id: 'rec', playbook: 'bug-fixer', use: 'provenance/record' }]],
  )
})
