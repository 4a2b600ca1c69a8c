/**
 * General-purpose playbook steps (run in worker threads). Each returns its writes as effects; the
 * `effects` property on a step declares which kinds it may produce (checked by `timmy validate`).
 *   playbooks/label      add labels to the item's issue          → gitea.label
 *   playbooks/comment    comment on the item's issue             → gitea.comment
 *   playbooks/assign     assign the item's issue                 → gitea.assign
 *   playbooks/set        output its parameters (name a value once, use it later)
 *   playbooks/fakeAgent  the deterministic fake agent (tests, dry runs without a model)
 */
import { fakeAgent as runFakeAgent } from '../../core/playbook/fake-agent.js'

interface StepInput {
  with: Record<string, any>
  item?: { repo?: string; issue?: number }
  lane?: { name: string; wizard: string; model?: string }
}

function target(input: StepInput): { repo: string; issue: number } {
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

export async function label(input: StepInput) {
  const labels = list(input.with.labels)
  if (labels.length === 0) return { output: { labels } }
  return { output: { labels }, effects: [{ kind: 'gitea.label', ...target(input), labels }] }
}
label.effects = ['gitea.label']

export async function comment(input: StepInput) {
  const body = String(input.with.body ?? '').trim()
  if (!body) throw new Error('with.body is empty')
  return { output: { body }, effects: [{ kind: 'gitea.comment', ...target(input), body }] }
}
comment.effects = ['gitea.comment']

export async function assign(input: StepInput) {
  const assignees = list(input.with.assignees ?? input.lane?.wizard)
  return { output: { assignees }, effects: [{ kind: 'gitea.assign', ...target(input), assignees }] }
}
assign.effects = ['gitea.assign']

export async function set(input: StepInput) {
  return { output: input.with }
}

export async function fakeAgent(input: StepInput) {
  const prompt = String(input.with.prompt ?? input.with.task ?? '')
  const reply = runFakeAgent({
    prompt,
    ...(input.lane?.name ? { lane: input.lane.name } : {}),
    ...(input.lane?.wizard ? { wizard: input.lane.wizard } : {}),
    ...(input.lane?.model ? { model: input.lane.model } : {}),
  })
  const { usage, ...output } = reply
  return { output, usage }
}
