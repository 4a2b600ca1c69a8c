/**
 * Agent spend from playbooks, through the real CLI with every built-in plugin (dispatch in `hermes`
 * mode, the real budget plugin) and a stand-in `hermes` executable: the lane's profile, model,
 * provider and toolsets reach its command line; its usage lands in the ledger and token_usage.jsonl
 * under the playbook and the lane; a usage record the ledger refuses fails the run; lane shares cap
 * a lane's spend; a step that reads a vetoed step's output does not run.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { RunReport } from '../../core/hooks.js'
import type { BudgetStatus } from '../../plugins/budget/report.js'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { type StubHermes, writeStubHermes } from './stub-hermes.js'

const LANES = `lanes:
  coder:
    wizard: coder
    model: anthropic/claude-sonnet-4
    provider: openrouter
    toolsets: [terminal, file, web]
    maxConcurrent: 2
    budgetShare: 0.5
  coordinator: { wizard: timmy, toolsets: [web], budgetShare: 0.1 }
`

const FIX = (prompt: string, toolsets = '[terminal, file]') => `name: fix-it
lane: coder
on: manual
steps:
  - id: fix
    use: dispatch/agent
    with:
      prompt: "${prompt}"
      toolsets: ${toolsets}
  - id: after
    use: playbooks/set
    with: { answer: "\${{ steps.fix.output.text }}" }
`

interface Project {
  box: Sandbox
  dir: string
  hermes: StubHermes
  cli(args: string[]): ReturnType<typeof runCli>
}

function project(
  t: { after(fn: () => void): void },
  budgets: unknown[],
  files: Record<string, string>,
): Project {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir)
  writeFileSync(join(dir, 'lanes.yaml'), LANES)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const hermes = writeStubHermes(join(box.root, 'bin'))
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        playbooks: { dir, builtin: false },
        pool: { size: 1 },
        dispatch: { mode: 'hermes', hermesBin: hermes.bin, duplicateGuard: false },
        budget: { budgets, importHermes: false },
      },
    }),
  )
  return {
    box,
    dir,
    hermes,
    cli: (args) => runCli(args, { cwd: box.cwd, env: box.env, timeoutMs: 90_000 }),
  }
}

function ledgerLines(box: Sandbox): Record<string, unknown>[] {
  const file = join(box.hermes, 'token_usage.jsonl')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

async function statusOf(p: Project): Promise<Map<string, BudgetStatus>> {
  const r = await p.cli(['budget', 'status', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const { budgets } = JSON.parse(r.stdout) as { budgets: BudgetStatus[] }
  return new Map(budgets.map((b) => [b.name, b]))
}

test('an applied dispatch playbook: the lane reaches hermes, and its spend lands in the ledger and token_usage.jsonl exactly', async (t) => {
  const p = project(
    t,
    [
      { name: 'fleet', tokens: 1_000_000 },
      { name: 'fixes', scope: 'pipeline', match: 'fix-it', tokens: 100_000 },
    ],
    { 'fix-it.yaml': FIX('Fix the widget tokens:1234/567') },
  )
  const r = await p.cli(['run-playbook', 'fix-it', '--apply', '--json'])
  assert.equal(r.code, 0, r.stderr + r.stdout)
  const report = JSON.parse(r.stdout) as RunReport
  assert.equal(report.outcome, 'ok')
  assert.deepEqual(report.tokens, { input: 1234, output: 567 })
  assert.equal((report.steps[1]!.output as { answer: string }).answer, 'Done.')

  const [call] = p.hermes.calls()
  const args = call!.args
  const usageFile = args[args.indexOf('--usage-file') + 1]
  assert.deepEqual(args, [
    '-p',
    'coder',
    '-z',
    'Fix the widget tokens:1234/567',
    '-m',
    'anthropic/claude-sonnet-4',
    '--provider',
    'openrouter',
    '-t',
    'terminal,file',
    '--usage-file',
    usageFile,
  ])
  assert.equal(
    call!.hermesHome,
    join(p.box.hermes, 'profiles', 'coder'),
    "the profile's home, passed explicitly",
  )

  const lines = ledgerLines(p.box)
  assert.equal(lines.length, 1, JSON.stringify(lines))
  assert.equal(lines[0]!.playbook, 'fix-it')
  assert.equal(lines[0]!.lane, 'coder')
  assert.equal(lines[0]!.input_tokens, 1234)
  assert.equal(lines[0]!.output_tokens, 567)
  const status = await statusOf(p)
  assert.equal(status.get('fleet')!.spentTokens, 1801)
  assert.equal(status.get('fixes')!.spentTokens, 1801, 'the pipeline budget counts it')
  assert.equal(status.get('fleet:coder')!.spentTokens, 1801, "the lane's share counts it")
  assert.equal(status.get('fleet:coder')!.capTokens, 500_000)
  assert.equal(status.get('fleet:coordinator')!.spentTokens, 0)
})

test('a usage record the ledger refuses fails the run, visibly, with exit 1', async (t) => {
  const p = project(t, [{ name: 'fleet', tokens: 1_000_000 }], {
    'fix-it.yaml': FIX('Fix it fractional tokens:10/5'),
  })
  const r = await p.cli(['run-playbook', 'fix-it', '--apply'])
  assert.equal(r.code, 1, r.stdout + r.stderr)
  assert.match(r.stdout, /TIMMY_ERR_PLAYBOOK_RECORD_FAILED/)
  assert.match(r.stdout, /outcome: failed/)
  assert.equal(ledgerLines(p.box).length, 0)
})

test('a step may narrow its lane’s toolsets but not widen them', async (t) => {
  const p = project(t, [], { 'fix-it.yaml': FIX('Fix it', '[terminal, browser]') })
  const r = await p.cli(['run-playbook', 'fix-it', '--json'])
  assert.equal(r.code, 1)
  const report = JSON.parse(r.stdout) as RunReport
  assert.equal(report.steps[0]!.outcome, 'failed')
  assert.match(report.steps[0]!.error!.message, /browser/)
  assert.equal(p.hermes.calls().length, 0)
})

test("a lane's budgetShare caps its spend: share × the global cap, checked when the run reserves", async (t) => {
  const reserve = (tokens: number) => `name: big
lane: coder
on: manual
steps:
  - id: reserve
    use: budget/reserve
    with: { tokens: ${tokens} }
`
  const p = project(t, [{ name: 'fleet', tokens: 10_000 }], {
    'big.yaml': reserve(6000),
    'small.yaml': reserve(4000).replace('name: big', 'name: small'),
  })
  const big = await p.cli(['run-playbook', 'big', '--apply', '--json'])
  assert.equal(big.code, 1, big.stderr)
  const report = JSON.parse(big.stdout) as RunReport
  assert.equal(report.steps[0]!.outcome, 'vetoed')
  assert.match(report.steps[0]!.reason!, /fleet:coder/)
  const small = await p.cli(['run-playbook', 'small', '--json'])
  assert.equal(small.code, 0, small.stdout)
})

test('after a vetoed triage/classify, the triage playbook posts nothing built from its missing output', async (t) => {
  const p = project(t, [{ name: 'fleet', tokens: 1000 }], {
    'triage.yaml': readFileSync(new URL('../../playbooks/triage.yaml', import.meta.url), 'utf8'),
  })
  const event = join(p.box.root, 'event.json')
  writeFileSync(
    event,
    JSON.stringify({
      action: 'opened',
      issue: { number: 4, title: 'Crash on save', body: 'It crashes', labels: [] },
      repository: { full_name: 'acme/widgets' },
    }),
  )
  const r = await p.cli(['run-playbook', 'triage', '--event', event, '--json'])
  const report = JSON.parse(r.stdout) as RunReport
  const outcome = (id: string) => report.steps.find((s) => s.stepId === id)!
  assert.equal(outcome('classify').outcome, 'vetoed', 'the 4000-token estimate is over the 1000 cap')
  assert.equal(outcome('label').outcome, 'skipped')
  assert.equal(outcome('comment').outcome, 'skipped')
  assert.match(outcome('comment').reason!, /output of step "classify", which was vetoed/)
  assert.equal(outcome('comment').effects, undefined)
  assert.equal(r.code, 1)
})
