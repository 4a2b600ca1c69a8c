/**
 * General-purpose playbook steps (run in worker threads). Each returns its writes as effects and
 * declares its contract with defineStep: `inputs` (the `with:` it takes), `outputs` and `effects`,
 * which `timmy validate` checks playbooks against.
 *   playbooks/label      add labels to the item's issue          → gitea.label
 *   playbooks/comment    comment on the item's issue             → gitea.comment
 *   playbooks/assign     assign the item's issue                 → gitea.assign
 *   playbooks/set        output its parameters (name a value once, use it later)
 *   playbooks/fakeAgent  the deterministic fake agent (tests, dry runs without a model)
 */
import { Type as T } from '@sinclair/typebox'
import { defineStep, type StepInput } from '../../core/define-step.js'
import { fakeAgent as runFakeAgent } from './fake-agent.js'

const Target = {
  repo: T.Optional(T.String({ description: 'owner/name (default: the work item’s repo)' })),
  issue: T.Optional(T.Integer({ minimum: 1, description: 'issue number (default: the work item’s issue)' })),
}
const Names = T.Union([T.Array(T.String()), T.String({ description: 'comma-separated' })])

function target(input: StepInput<{ repo?: string; issue?: number }>): { repo: string; issue: number } {
  const repo = input.with.repo ?? input.item?.repo
  const issue = input.with.issue ?? input.item?.issue
  if (typeof repo !== 'string' || typeof issue !== 'number')
    throw new Error('no issue to act on: give with.repo and with.issue, or run on an issue event')
  return { repo, issue }
}

function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return []
  return (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean)
}

export const label = defineStep({
  inputs: T.Object({ labels: Names, ...Target }, { additionalProperties: false }),
  outputs: T.Object({ labels: T.Array(T.String()) }),
  effects: ['gitea.label'],
  async run(input) {
    const labels = list(input.with.labels)
    if (labels.length === 0) return { output: { labels } }
    return { output: { labels }, effects: [{ kind: 'gitea.label', ...target(input), labels }] }
  },
})

export const comment = defineStep({
  inputs: T.Object({ body: T.String(), ...Target }, { additionalProperties: false }),
  outputs: T.Object({ body: T.String() }),
  effects: ['gitea.comment'],
  async run(input) {
    const body = String(input.with.body ?? '').trim()
    if (!body) throw new Error('with.body is empty')
    return { output: { body }, effects: [{ kind: 'gitea.comment', ...target(input), body }] }
  },
})

export const assign = defineStep({
  inputs: T.Object(
    { assignees: T.Optional(Names), ...Target },
    { additionalProperties: false, description: 'assignees default to the lane’s wizard' },
  ),
  outputs: T.Object({ assignees: T.Array(T.String()) }),
  effects: ['gitea.assign'],
  async run(input) {
    const assignees = list(input.with.assignees ?? input.lane?.wizard)
    return { output: { assignees }, effects: [{ kind: 'gitea.assign', ...target(input), assignees }] }
  },
})

export const set = defineStep({
  inputs: T.Record(T.String(), T.Unknown(), { description: 'any values: they become the output' }),
  outputs: T.Record(T.String(), T.Unknown()),
  async run(input) {
    return { output: input.with }
  },
})

export const fakeAgent = defineStep({
  inputs: T.Object(
    { prompt: T.Optional(T.String()), task: T.Optional(T.String()) },
    { additionalProperties: true },
  ),
  outputs: T.Object({
    text: T.String(),
    kind: T.Union([T.Literal('bug'), T.Literal('security'), T.Literal('refactor'), T.Literal('feature')]),
    labels: T.Array(T.String()),
    digest: T.String(),
  }),
  async run(input) {
    const prompt = String(input.with.prompt ?? input.with.task ?? '')
    const reply = runFakeAgent({
      prompt,
      ...(input.lane?.name ? { lane: input.lane.name } : {}),
      ...(input.lane?.wizard ? { wizard: input.lane.wizard } : {}),
      ...(input.lane?.model ? { model: input.lane.model } : {}),
    })
    const { usage, ...output } = reply
    return { output, usage }
  },
})
