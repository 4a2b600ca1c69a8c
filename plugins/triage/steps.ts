/**
 * Steps of the triage plugin (run in worker threads, over plain data).
 *   triage/classify   classify the item's issue with a rule set: output `{ kind, labels, lane, rules }`;
 *                     with `apply: true` it also returns the rules' writes (labels with their colours,
 *                     the lane's assignee, comments) as Gitea effects.
 * `with:` takes `rules` (a rule set, same shape as a triage rules file; default: the built-in set below),
 * `laneAgents` (lane → Gitea user to assign) and `apply`. `kind` is the first matched rule's name
 * (`unclassified` when none matched); `labels` are the labels the rules add, without the triaged label.
 */
import { Type as T } from '@sinclair/typebox'
import type { TriageIssue } from './types.js'

let code: Promise<[typeof import('./compile-rules.js'), typeof import('./evaluate-rules.js')]> | undefined
/** The rules' compiler and evaluator, imported when a step first runs (not when the catalog reads this module). */
const loadRules = () => (code ??= Promise.all([import('./compile-rules.js'), import('./evaluate-rules.js')]))

/** Used when a playbook gives no `with.rules`: the kinds the shipped playbooks branch on. */
export const DEFAULT_RULES = {
  mode: 'first-match',
  labelColors: {
    security: '#b60205',
    bug: '#d73a4a',
    refactor: '#fbca04',
    feature: '#a2eeef',
    docs: '#0075ca',
  },
  rules: [
    {
      name: 'security',
      match: { text: '/\\b(security|vulnerab\\w*|cve-\\d+|injection|xss|csrf|leak\\w*)\\b/i' },
      actions: { labels: ['security'], lane: 'reviewer', priority: 'high' },
    },
    {
      name: 'bug',
      match: {
        text: '/\\b(bug|crash\\w*|error|exception|broken|fails?|failing|500|regression)\\b/i',
      },
      actions: { labels: ['bug'], lane: 'coder' },
    },
    { name: 'bug', match: { labels: { any: ['bug'] } }, actions: { labels: ['bug'], lane: 'coder' } },
    {
      name: 'refactor',
      match: { text: '/\\b(refactor\\w*|clean ?up|tech(nical)? debt|simplify)\\b/i' },
      actions: { labels: ['refactor'], lane: 'coder' },
    },
    {
      name: 'docs',
      match: { text: '/\\b(docs?|documentation|readme|typo)\\b/i' },
      actions: { labels: ['docs'], lane: 'coordinator' },
    },
    {
      name: 'feature',
      match: { text: '/\\b(feature|add support|would be nice|please add|request)\\b/i' },
      actions: { labels: ['feature'], lane: 'coder' },
    },
  ],
}

interface ClassifyInput {
  with?: { rules?: unknown; laneAgents?: Record<string, string>; apply?: boolean; now?: number }
  item?: { repo?: string; issue?: number; payload?: Record<string, any> }
  lane?: { name?: string }
}

function issueOf(input: ClassifyInput): TriageIssue {
  const p = input.item?.payload ?? {}
  const raw = (p.issue ?? p.pull_request ?? {}) as Record<string, any>
  const number = raw.number ?? input.item?.issue
  const repo = input.item?.repo ?? p.repository?.full_name
  if (typeof number !== 'number' || typeof repo !== 'string')
    throw new Error('triage/classify needs an issue: run it on an issues event (item.repo and item.issue)')
  const labels = Array.isArray(raw.labels)
    ? raw.labels.map((l: unknown) => ({ name: typeof l === 'string' ? l : String((l as any)?.name) }))
    : []
  return {
    number,
    title: String(raw.title ?? ''),
    body: String(raw.body ?? ''),
    state: raw.state === 'closed' ? 'closed' : 'open',
    labels,
    user: { login: String(raw.user?.login ?? '') },
    assignees: Array.isArray(raw.assignees)
      ? raw.assignees.map((a: any) => ({ login: String(a?.login) }))
      : [],
    milestone: raw.milestone ?? null,
    created_at: String(raw.created_at ?? ''),
    updated_at: String(raw.updated_at ?? ''),
    repo,
  }
}

export async function classify(input: ClassifyInput) {
  const w = input.with ?? {}
  const [{ compileRules }, { matchRule, triageIssue }] = await loadRules()
  const rules = compileRules(w.rules ?? DEFAULT_RULES)
  const issue = issueOf(input)
  const now = typeof w.now === 'number' ? w.now : Date.now()
  const matched = rules.rules.filter((r) => matchRule(r, issue, now))
  const chosen = rules.mode === 'first-match' ? matched.slice(0, 1) : matched
  const labels: string[] = []
  for (const r of chosen) {
    for (const l of r.actions.labels ?? []) labels.push(l)
    if (r.actions.priority) labels.push(`${rules.priorityPrefix}${r.actions.priority}`)
  }
  const lane = chosen.find((r) => r.actions.lane)?.actions.lane ?? 'coordinator'
  const output = {
    kind: chosen[0]?.name ?? 'unclassified',
    labels: [...new Set(labels)],
    lane,
    rules: chosen.map((r) => r.name),
  }
  if (!w.apply) return { output }
  // The same change a triage sweep would make (so a re-run, or a later sweep, adds nothing).
  const change = triageIssue(rules, { ...issue, state: 'open' }, { now, laneAgents: w.laneAgents ?? {} })
  return { output, effects: change?.effects ?? [] }
}
classify.effects = ['gitea.label', 'gitea.assign', 'gitea.comment']
classify.inputs = T.Object(
  {
    rules: T.Optional(T.Unknown({ description: 'a rule set (the shape of a triage rules file)' })),
    laneAgents: T.Optional(T.Record(T.String(), T.String(), { description: 'lane → Gitea user to assign' })),
    apply: T.Optional(T.Boolean({ description: 'also return the rules’ writes as effects' })),
    now: T.Optional(T.Number({ description: 'the clock, in ms (tests)' })),
  },
  { additionalProperties: false },
)
classify.outputs = T.Object({
  kind: T.String(),
  labels: T.Array(T.String()),
  lane: T.String(),
  rules: T.Array(T.String()),
})
