/**
 * Steps of the dispatch plugin (run in worker threads, over plain data). Running an agent is a write,
 * so `agent` returns an `agent.dispatch` effect: a dry run plans it, `--apply` runs the agent.
 * The effect carries the run's lane by name and what the lane says about its agent (lanes.yaml):
 * `profile` (the lane's wizard, a Hermes profile), `model`, `provider` and `toolsets`. A step's
 * `with.model`/`with.provider` override the lane's; `with.toolsets` may narrow the lane's, never widen them.
 */
import { Type as T } from '@sinclair/typebox'
import type { Lane } from '../playbooks/schema.js'
import { E } from './errors.js'

export interface AgentStepInput {
  item?: {
    repo?: string
    issue?: number
    payload?: { issue?: { title?: string; body?: string; number?: number } }
  }
  with?: { prompt?: string; model?: string; provider?: string; toolsets?: string[] }
  /** The run's lane, as lanes.yaml defines it (the runner passes it whole). */
  lane?: Partial<Lane>
  run?: { runId?: string; playbook?: string }
  prompt?: string
}

export async function agent(input: AgentStepInput) {
  const issue = input.item?.payload?.issue
  const prompt =
    input.with?.prompt ??
    input.prompt ??
    (issue
      ? `Work on issue #${issue.number ?? input.item?.issue}: ${issue.title ?? ''}\n\n${issue.body ?? ''}`
      : undefined)
  if (!prompt)
    throw new Error('dispatch/agent needs a prompt: give `with: { prompt: … }` or a work item with an issue')
  const lane = input.lane ?? {}
  const model = input.with?.model ?? lane.model
  const provider = input.with?.provider ?? lane.provider
  const toolsets = pickToolsets(lane, input.with?.toolsets)
  const effect = {
    kind: 'agent.dispatch',
    prompt,
    ...(input.item?.repo ? { repo: input.item.repo } : {}),
    ...(input.item?.issue !== undefined ? { issue: input.item.issue } : {}),
    ...(input.run?.playbook ? { playbook: input.run.playbook } : {}),
    ...(lane.name ? { lane: lane.name } : {}),
    ...(lane.wizard ? { profile: lane.wizard } : {}),
    ...(model ? { model } : {}),
    ...(provider ? { provider } : {}),
    ...(toolsets ? { toolsets } : {}),
  }
  return { output: { dispatched: true, prompt }, effects: [effect] }
}

agent.inputs = T.Object(
  {
    prompt: T.Optional(T.String({ description: 'default: the issue’s title and body' })),
    model: T.Optional(T.String({ minLength: 1, description: 'overrides the lane’s model' })),
    provider: T.Optional(T.String({ minLength: 1, description: 'overrides the lane’s provider' })),
    toolsets: T.Optional(T.Array(T.String(), { description: 'narrows the lane’s toolsets' })),
  },
  { additionalProperties: false },
)
/** The handler of `agent.dispatch` adds the agent's answer (`text`, and `verdict` when it ends with one). */
agent.outputs = T.Object({
  dispatched: T.Boolean(),
  prompt: T.String(),
  text: T.Optional(T.String()),
  verdict: T.Optional(T.String()),
  run: T.Optional(T.Unknown()),
})
agent.effects = ['agent.dispatch']

/** The lane's toolsets, or the step's when they are a subset of them (a lane with none limits nothing). */
function pickToolsets(lane: Partial<Lane>, asked: readonly string[] | undefined): string[] | undefined {
  const allowed = lane.toolsets ?? []
  if (!asked) return allowed.length ? [...allowed] : undefined
  if (!allowed.length) return [...asked]
  const extra = asked.filter((t) => !allowed.includes(t))
  if (extra.length)
    throw E.DISPATCH_TOOLSETS_WIDEN({
      step: 'dispatch/agent',
      lane: lane.name ?? '?',
      extra: extra.join(', '),
      allowed: allowed.join(', '),
    })
  return [...asked]
}
