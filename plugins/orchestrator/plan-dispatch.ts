/**
 * `timmy dispatch`'s plan: the issue read from Gitea (404 → TIMMY_ERR_DISPATCH_NO_ISSUE), the lane
 * looked up in the playbooks service's lanes.yaml (unknown → TIMMY_ERR_DISPATCH_UNKNOWN_LANE with
 * did-you-mean), and the `agent.dispatch` effect with what the lane says about its agent — the same
 * fields the `dispatch/agent` step sets: `profile` (the wizard), `model`, `provider`, `toolsets`.
 */

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { didYouMean } from '../../core/did-you-mean.js'
import type { PluginHost } from '../../core/plugin.js'
import { isGiteaError } from '../gitea/gitea-error.js'
import type { Lane } from '../playbooks/schema.js'
import { E as triageErrors } from '../triage/errors.js'
import { E } from './errors.js'

export interface DispatchPlan {
  effect: { kind: 'agent.dispatch'; repo: string; issue: number; prompt: string } & Record<string, unknown>
  title?: string
  lane?: Lane
}

export async function planDispatch(
  host: Pick<PluginHost, 'maybeUse'>,
  o: { repo: string; issue: number; lane?: string; prompt?: string },
): Promise<DispatchPlan> {
  const lane = o.lane === undefined ? undefined : findLane(host, o.lane)
  const gitea = host.maybeUse('gitea')
  if (!gitea) throw triageErrors.TRIAGE_NO_SOURCE({ what: 'timmy dispatch' })
  let found: { title: string; body?: string | null }
  try {
    found = await gitea.client().getIssue(o.repo, o.issue)
  } catch (err) {
    if (isGiteaError(err, 'TIMMY_ERR_GITEA_NOT_FOUND'))
      throw E.DISPATCH_NO_ISSUE({ repo: o.repo, issue: o.issue })
    throw err
  }
  const prompt = o.prompt ?? `Work on ${o.repo}#${o.issue}: ${found.title}\n\n${found.body ?? ''}`
  const effect: DispatchPlan['effect'] = { kind: 'agent.dispatch', repo: o.repo, issue: o.issue, prompt }
  if (lane) {
    effect.lane = lane.name
    effect.profile = lane.wizard
    if (lane.model) effect.model = lane.model
    if (lane.provider) effect.provider = lane.provider
    if (lane.toolsets?.length) effect.toolsets = [...lane.toolsets]
  }
  return { effect, title: found.title, ...(lane ? { lane } : {}) }
}

/** The plan in one line: issue, lane, the agent (wizard) and the model that would run. */
export function describePlan(p: DispatchPlan): string {
  const { repo, issue } = p.effect
  const who = p.lane
    ? ` to lane ${p.lane.name} (agent ${p.lane.wizard}, model ${p.lane.model ?? "the agent's default"})`
    : " (no lane: Hermes' default profile and model)"
  return `Would dispatch ${repo}#${issue}${p.title ? ` ${JSON.stringify(p.title)}` : ''}${who}`
}

function findLane(host: Pick<PluginHost, 'maybeUse'>, name: string): Lane {
  const playbooks = host.maybeUse('playbooks')
  const dir = playbooks?.dirs().find((d) => existsSync(join(d, 'lanes.yaml')))
  const lanes = dir ? playbooks!.lanes(dir) : new Map<string, Lane>()
  const lane = lanes.get(name)
  if (lane) return lane
  const suggestion = didYouMean(name, lanes.keys())
  throw E.DISPATCH_UNKNOWN_LANE({
    lane: name,
    known: [...lanes.keys()].join(', '),
    ...(suggestion ? { suggestion } : {}),
  })
}
