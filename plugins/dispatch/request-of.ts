/** An `agent.dispatch` effect as a request, and a failed agent run as a step error. */
import type { Effect } from '../../core/hooks.js'
import type { EffectHandler } from '../../core/plugin.js'
import { E } from './errors.js'
import type { DispatchRequest } from './index.js'
import type { AgentRun } from './run-hermes.js'

/** An `agent.dispatch` effect as a request: known fields of the right type only; the run's ids from the runner. */
export function requestOf(effect: Effect, ctx: Parameters<EffectHandler>[1]): DispatchRequest {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)
  const prompt = str(effect.prompt)
  if (!prompt) throw E.DISPATCH_FAILED({ reason: 'the agent.dispatch effect has no prompt' }, { exitCode: 1 })
  const toolsets =
    Array.isArray(effect.toolsets) && effect.toolsets.every((t) => typeof t === 'string')
      ? (effect.toolsets as string[])
      : undefined
  const fields: Partial<DispatchRequest> = {
    repo: str(effect.repo),
    issue: typeof effect.issue === 'number' ? effect.issue : undefined,
    lane: str(effect.lane) ?? ctx.lane,
    playbook: str(effect.playbook) ?? ctx.playbook,
    profile: str(effect.profile),
    model: str(effect.model),
    provider: str(effect.provider),
    toolsets,
    runId: ctx.runId,
    stepId: ctx.stepId,
  }
  const request: DispatchRequest = { prompt }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(request, { [k]: v })
  return request
}

export function agentError(run: AgentRun): { code: string; message: string } {
  const err = E.DISPATCH_AGENT_FAILED({
    outcome: run.outcome,
    exitCode: run.exitCode === null ? 'none' : String(run.exitCode),
    stderr: run.stderr.trim().split('\n').slice(-1)[0]?.slice(0, 200) ?? '',
  })
  return { code: err.code, message: err.bare }
}
