/**
 * Steps of the orchestrator plugin (run in worker threads, over plain data). `gate` asks for the merge
 * gate on the event's pull request with an `orchestrator.gate` effect: the plugin's handler judges it on
 * the main thread (reviews, mergeable, commit status, policy) and merges or comments once. A dry run plans it.
 */
import { Type as T } from '@sinclair/typebox'
import type { Effect } from '../../core/hooks.js'

export interface GateEffect extends Effect {
  kind: 'orchestrator.gate'
  repo: string
  pull: number
}

export interface GateStepInput {
  item?: { repo?: string; issue?: number; payload?: { pull_request?: { number?: number } } }
  with?: { repo?: string; pull?: number }
}

export async function gate(input: GateStepInput) {
  const repo = input.with?.repo ?? input.item?.repo
  const pull = input.with?.pull ?? input.item?.payload?.pull_request?.number ?? input.item?.issue
  if (!repo || typeof pull !== 'number')
    throw new Error('orchestrator/gate needs a pull request: a pull_request event, or `with: { repo, pull }`')
  const effect: GateEffect = { kind: 'orchestrator.gate', repo, pull }
  return { output: { repo, pull }, effects: [effect] }
}
gate.effects = ['orchestrator.gate']
gate.inputs = T.Object(
  {
    repo: T.Optional(T.String({ description: 'owner/name (default: the event’s repo)' })),
    pull: T.Optional(T.Integer({ minimum: 1, description: 'PR number (default: the event’s PR)' })),
  },
  { additionalProperties: false },
)
gate.outputs = T.Object({ repo: T.String(), pull: T.Integer() })
