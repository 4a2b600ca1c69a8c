/**
 * 1. Triage rule evaluation over 10,000 issues: the compiled rule engine against a hand-written loop that
 *    applies the same regular expressions to the same issues, in the same run (target ≤ 2×).
 * 2. A sweep over 10,000 open issues against the fake Gitea (its own process, 40 ms injected latency)
 *    through the real client: reads/s against a page-by-page read in the same run, then a confirmed
 *    sweep with a small ceiling through a 300 writes/min pacer: the writes' pace against the limit.
 * `node --import tsx bench/triage.ts`
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { silentLogger } from '../core/log.js'
import { createGiteaClient } from '../plugins/gitea/client.js'
import { applyGiteaEffect } from '../plugins/gitea/effects.js'
import { compileRules } from '../plugins/triage/compile-rules.js'
import { matchRule } from '../plugins/triage/evaluate-rules.js'
import { planSweep } from '../plugins/triage/plan-sweep.js'
import { runSweep } from '../plugins/triage/run-sweep.js'
import { triageSource } from '../plugins/triage/source.js'
import { makeBacklog, NOW } from '../test/triage/backlog.js'
import { REPOS, RULES } from '../test/triage/gitea-fake-backlog.js'
import { fmt, median } from './lib.js'

const { issues, pulls } = makeBacklog(10_000, 42)
const spec = [
  { name: 'security', re: /security|token leaked|cve/i, field: 'text' },
  { name: 'bugs', re: /\b(crash|error|bug)\b/i, field: 'title' },
  { name: 'docs', re: /docs|typo/i, field: 'title' },
  { name: 'features', re: /feature|add /i, field: 'title' },
] as const
const rules = compileRules({
  rules: spec.map((s) => ({
    name: s.name,
    match: { [s.field]: `/${s.re.source}/i` },
    actions: { labels: [s.name] },
  })),
})

function engine(): number {
  let hits = 0
  for (const issue of issues) for (const rule of rules.rules) if (matchRule(rule, issue, NOW)) hits++
  return hits
}
function byHand(): number {
  let hits = 0
  for (const issue of issues) {
    for (const s of spec) {
      const text = s.field === 'text' ? `${issue.title}\n${issue.body}` : issue.title
      if (s.re.test(text)) hits++
    }
  }
  return hits
}

if (engine() !== byHand()) throw new Error('the engine and the hand-written loop disagree')
const a: number[] = []
const b: number[] = []
for (let i = 0; i < 30; i++) {
  let t = performance.now()
  engine()
  a.push(performance.now() - t)
  t = performance.now()
  byHand()
  b.push(performance.now() - t)
}
const plan: number[] = []
for (let i = 0; i < 10; i++) {
  const t = performance.now()
  planSweep({ issues, pulls, rules, laneAgents: {}, now: NOW, ceiling: 100_000 })
  plan.push(performance.now() - t)
}
console.log('Triage rule evaluation, 10,000 issues × 4 rules, median of 30')
console.log(`  hand-written loop   ${fmt(median(b)).padStart(9)}`)
console.log(
  `  rule engine         ${fmt(median(a)).padStart(9)}   ${(median(a) / median(b)).toFixed(2)}× the hand-written loop (target ≤ 2×)`,
)
console.log(
  `  full sweep plan     ${fmt(median(plan)).padStart(9)}   (rules, diff to effects, ordering; 10,000 issues)`,
)

// ── 2. A sweep against the fake Gitea ──
const ISSUES = 10_000
const LATENCY = 40
const PER_MINUTE = 300
const CEILING = 40
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(new URL('./triage-fake-server.ts', import.meta.url)),
    String(ISSUES),
    String(LATENCY),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
)
const lines: string[] = []
let buffered = ''
let wake: (() => void) | undefined
child.stdout!.on('data', (d) => {
  buffered += d
  const parts = buffered.split('\n')
  buffered = parts.pop()!
  lines.push(...parts)
  wake?.()
})
const nextLine = async (): Promise<string> => {
  while (!lines.length) await new Promise<void>((r) => (wake = r))
  return lines.shift()!
}
const fake = JSON.parse(await nextLine()) as { url: string; token: string }

const reads = { count: 0 }
const writes: number[] = []
const countingFetch: typeof fetch = (input, init) => {
  if ((init?.method ?? 'GET') === 'GET') reads.count++
  else writes.push(performance.now())
  return fetch(input, init)
}
const clientWith = (o: { pageConcurrency?: number; writesPerMinute: number }) =>
  createGiteaClient({ url: fake.url, token: fake.token, fetch: countingFetch, ...o })

// Baseline: the same reads page by page.
const seq = clientWith({ pageConcurrency: 1, writesPerMinute: 0 })
reads.count = 0
let t0 = performance.now()
let seqIssues = 0
for (const repo of REPOS) seqIssues += (await seq.listIssues(repo, { all: true })).length
const seqMs = performance.now() - t0
const seqReads = reads.count

const client = clientWith({ writesPerMinute: PER_MINUTE })
const host = { maybeUse: () => ({ client: () => client }) }
const source = triageSource(host as never, 'the bench')
const sweepHost = {
  handlesEffect: () => true,
  applyEffect: (e: never) => applyGiteaEffect(client, e),
}
const rulesForSweep = compileRules(RULES)
const stale = {
  daysUntilStale: 60,
  daysUntilClose: 14,
  staleLabel: 'stale',
  markComment: 'Marked stale.',
  closeComment: 'Closed as stale.',
  exemptLabels: ['pinned', 'security', 'lifecycle/frozen', 'keep-open'],
  priorityPrefix: 'priority/',
  triagedLabel: 'triaged',
  exemptMilestones: true,
  exemptLinkedPulls: true,
}
const sweepOptions = (confirm: boolean) => ({
  repos: REPOS,
  source,
  rules: rulesForSweep,
  stale,
  orphans: { hours: 72, comment: 'Unassigned {{agents}}.' },
  lanes: [
    { name: 'coder', agent: 'coder', maxConcurrent: 2, repos: [] },
    { name: 'reviewer', agent: 'reviewer', maxConcurrent: 2, repos: [] },
  ],
  ceiling: CEILING,
  confirm,
  now: Date.now(),
})

reads.count = 0
t0 = performance.now()
const dry = await runSweep(sweepHost as never, silentLogger, sweepOptions(false))
const dryMs = performance.now() - t0
const dryReads = reads.count
if (dry.examined !== seqIssues)
  throw new Error(`the sweep read ${dry.examined} issues, the baseline ${seqIssues}`)
if (writes.length) throw new Error('the dry run wrote')

t0 = performance.now()
const real = await runSweep(sweepHost as never, silentLogger, sweepOptions(true))
const realMs = performance.now() - t0
if (real.applied !== real.changes.flatMap((c) => c.effects).length)
  throw new Error('not every effect was applied')
child.stdin!.end()
const served = JSON.parse(await nextLine()) as { writes: number }
if (served.writes !== writes.length)
  throw new Error(`the fake saw ${served.writes} writes, the client sent ${writes.length}`)

// The pacer's promise: at most PER_MINUTE writes start in any 60 s window; after the burst, one per interval.
let peak = 0
for (let i = 0; i < writes.length; i++) {
  let j = i
  while (j < writes.length && writes[j]! < writes[i]! + 60_000) j++
  peak = Math.max(peak, j - i)
}
const burst = Math.floor(PER_MINUTE / 10)
const perMs = PER_MINUTE / 60_000
// Token bucket bound: in any window, writes ≤ burst + window × rate (+1 for the write at its start).
let excess = 0
for (let i = 0; i < writes.length; i++)
  for (let j = i; j < writes.length; j++)
    excess = Math.max(excess, j - i + 1 - (writes[j]! - writes[i]!) * perMs)
// What the pacer allows over the whole run (its burst plus its rate) against what was written.
const span = writes.at(-1)! - writes[0]!
const allowed = burst + 1 + span * perMs
console.log()
console.log(
  `Triage sweep of ${ISSUES.toLocaleString('en')} open issues (2 repos), fake Gitea in its own process, ${LATENCY} ms latency`,
)
console.log(
  `  page-by-page read (baseline)  ${seqMs.toFixed(0).padStart(6)} ms  ${seqReads} GETs  ${((seqReads / seqMs) * 1000).toFixed(0)} reads/s  ${((seqIssues / seqMs) * 1000).toFixed(0)} issues/s`,
)
console.log(
  `  dry sweep (read + plan)       ${dryMs.toFixed(0).padStart(6)} ms  ${dryReads} GETs  ${((dryReads / dryMs) * 1000).toFixed(0)} reads/s  ${((dry.examined / dryMs) * 1000).toFixed(0)} issues/s   ${(seqMs / dryMs).toFixed(1)}× the baseline`,
)
console.log(
  `    would change ${dry.changes.length} issues now (ceiling ${CEILING}), ${dry.deferred} left for later runs`,
)
console.log(
  `  confirmed sweep, ceiling ${CEILING}     ${realMs.toFixed(0).padStart(6)} ms  ${writes.length} writes for ${real.changes.length} issues (the fake counted ${served.writes})`,
)
console.log(
  `    pacer ${PER_MINUTE}/min: peak ${peak} writes in any 60 s window (limit ${PER_MINUTE}); at most ${excess.toFixed(1)} ahead of the steady pace in any window (burst ${burst})`,
)
console.log(
  `    ${writes.length} writes in ${(span / 1000).toFixed(1)} s (${((writes.length / span) * 1000).toFixed(2)}/s) = ${(writes.length / allowed).toFixed(2)}× the ${allowed.toFixed(0)} the pacer allows in that time (burst + 5/s)`,
)
if (peak > PER_MINUTE || excess > burst + 1) throw new Error('the writes outran the pacer')
