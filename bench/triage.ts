/**
 * Triage rule evaluation over 10,000 issues: the compiled rule engine against a hand-written loop that
 * applies the same regular expressions to the same issues, in the same run (target ≤ 2×).
 * `node --import tsx bench/triage.ts`
 */
import { compileRules } from '../plugins/triage/compile-rules.js'
import { matchRule } from '../plugins/triage/evaluate-rules.js'
import { planSweep } from '../plugins/triage/plan-sweep.js'
import { NOW, makeBacklog } from '../test/triage/backlog.js'
import { fmt, median } from './lib.js'

const { issues, pulls } = makeBacklog(10_000, 42)
const spec = [
  { name: 'security', re: /security|token leaked|cve/i, field: 'text' },
  { name: 'bugs', re: /\b(crash|error|bug)\b/i, field: 'title' },
  { name: 'docs', re: /docs|typo/i, field: 'title' },
  { name: 'features', re: /feature|add /i, field: 'title' },
] as const
const rules = compileRules({ rules: spec.map((s) => ({ name: s.name, match: { [s.field]: `/${s.re.source}/i` }, actions: { labels: [s.name] } })) })

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
console.log(`  rule engine         ${fmt(median(a)).padStart(9)}   ${(median(a) / median(b)).toFixed(2)}× the hand-written loop (target ≤ 2×)`)
console.log(`  full sweep plan     ${fmt(median(plan)).padStart(9)}   (rules, diff to effects, ordering; 10,000 issues)`)
