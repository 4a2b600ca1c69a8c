/**
 * The dispatch plugin: runs an agent on a work item (Hermes `-z`, an OpenAI-compatible endpoint, or the
 * deterministic fake agent). A step asks for it with an `agent.dispatch` effect; this plugin applies
 * it: the duplicate-PR guard first, then the run, then its token usage to the `usage` hook. The guard
 * also runs before a `dispatch/agent` step (a `beforeStep` veto), so a dry run's plan shows the skip.
 */
import { Type } from '@sinclair/typebox'
import { reasonOf } from '../../core/errors.js'
import { type Effect, STAGE, type Usage, type Veto, type WorkItem } from '../../core/hooks.js'
import { definePlugin, type EffectHandler } from '../../core/plugin.js'
import { matchLaneRepo } from '../playbooks/match-lane-repo.js'
import { resolveLanes } from '../triage/lanes.js'
import { duplicateReason, findDuplicatePull } from './duplicate-pull.js'
import { E } from './errors.js'
import { runFakeAgent } from './fake-agent.js'
import { readVerdict } from './read-verdict.js'
import { recentDispatches, recentReason } from './recent-dispatches.js'
import { runEndpoint } from './run-endpoint.js'
import { type AgentRun, runHermes } from './run-hermes.js'

export interface DispatchRequest {
  repo?: string
  issue?: number
  /** The lane's name: its budgets count the spend. */
  lane?: string
  /** The playbook (pipeline) whose run spends: its budgets count the spend. */
  playbook?: string
  /** The Hermes profile to run (a lane's wizard). */
  profile?: string
  prompt: string
  model?: string
  provider?: string
  toolsets?: string[]
  runId?: string
  stepId?: string
}

export interface DispatchResult {
  skipped?: string
  /** The agent ran but did not succeed (exit code, timeout): a playbook step that dispatched it fails. */
  error?: { code: string; message: string }
  run?: AgentRun
  /** Merged into the step's output: the answer `text` and its `verdict` line, when it has one. */
  output?: { text: string; verdict?: string }
  /** The agent's usage, already reported on the `usage` hook (key `step:<runId>:<stepId>`). */
  usage?: Usage
}

export interface DispatchService {
  dispatch(request: DispatchRequest): Promise<DispatchResult>
  /**
   * Why `repo#issue` must not be dispatched now (`skipped: PR #M open for …`, or a lane that does not
   * take the repo), or undefined. Reads Gitea only when a Gitea URL is configured.
   */
  refusal(repo: string, issue: number, lane?: string): Promise<string | undefined>
}

const Options = Type.Object(
  {
    mode: Type.Union([Type.Literal('hermes'), Type.Literal('endpoint'), Type.Literal('fake')], {
      default: 'hermes',
    }),
    hermesBin: Type.String({
      default: 'hermes',
      description: 'the hermes executable (a name on PATH or a path)',
    }),
    timeoutMs: Type.Integer({ minimum: 1000, default: 30 * 60_000 }),
    defaultToolsets: Type.Array(Type.String(), { default: ['terminal', 'file'] }),
    model: Type.Optional(Type.String()),
    passEnv: Type.Array(Type.String(), {
      default: [],
      description: 'names of variables passed through to the agent',
    }),
    endpoint: Type.Optional(
      Type.Object(
        { url: Type.String(), model: Type.String(), apiKeyEnv: Type.String({ default: 'OPENAI_API_KEY' }) },
        { additionalProperties: false },
      ),
    ),
    duplicateGuard: Type.Boolean({ default: true }),
    redispatchAfterMs: Type.Integer({
      minimum: 0,
      default: 60 * 60_000,
      description:
        'after an agent ran on an issue, how long before another may start on it (0: no wait); a running one is never doubled',
    }),
  },
  { additionalProperties: false },
)

export default definePlugin({
  name: 'dispatch',
  version: '1.0.0',
  provides: ['dispatch'],
  description: 'Run agents on work items: hermes -z, an OpenAI-compatible endpoint, or the fake agent',
  options: Options,
  steps: new URL('./steps.js', import.meta.url),
  setup(host, options) {
    const refusal = async (repo: string, issue: number, lane?: string): Promise<string | undefined> => {
      if (lane) {
        const known = resolveLanes(host, {}).find((l) => l.name === lane)
        if (known && !matchLaneRepo(known.repos, repo)) return `skipped: lane ${lane} does not take ${repo}`
      }
      if (options.duplicateGuard) {
        const gitea = host.maybeUse('gitea')
        if (gitea?.url()) {
          const dup = await findDuplicatePull(gitea, repo, issue)
          if (dup) return duplicateReason(dup, repo, issue)
        }
      }
      if (options.redispatchAfterMs === 0) return undefined
      return recentReason((await recent()).get(repo, issue), Date.now(), options.redispatchAfterMs)
    }
    let recentLog: ReturnType<typeof recentDispatches> | undefined
    const recent = async () => (recentLog ??= recentDispatches(await host.store()))
    const service: DispatchService = {
      refusal,
      async dispatch(request) {
        if (request.repo && request.issue !== undefined) {
          const skipped = await refusal(request.repo, request.issue, request.lane)
          if (skipped) return { skipped }
        }
        const issueRef =
          request.repo && request.issue !== undefined
            ? { repo: request.repo, issue: request.issue }
            : undefined
        if (issueRef) (await recent()).start(issueRef.repo, issueRef.issue, Date.now())
        let run: AgentRun
        try {
          run = await runAgent(request)
        } catch (err) {
          // the agent never ran (no hermes binary, a bad endpoint): nothing holds the issue
          if (issueRef) (await recent()).finish(issueRef.repo, issueRef.issue, 0, 'not started')
          throw err
        }
        if (issueRef) (await recent()).finish(issueRef.repo, issueRef.issue, Date.now(), run.outcome)
        if (run.usage) {
          await host.hooks.usage.promise({
            ...run.usage,
            source:
              options.mode === 'hermes'
                ? 'dispatch-usage-file'
                : options.mode === 'endpoint'
                  ? 'openai-response'
                  : 'fake-agent',
            at: new Date().toISOString(),
            ...(request.runId ? { runId: request.runId } : {}),
            ...(request.stepId ? { stepId: request.stepId } : {}),
            ...(request.playbook ? { playbook: request.playbook } : {}),
            ...(request.lane ? { lane: request.lane } : {}),
          })
        }
        const verdict = readVerdict(run.text)
        const failed = run.outcome !== 'ok'
        return {
          run,
          output: { text: run.text, ...(verdict ? { verdict } : {}) },
          ...(run.usage ? { usage: run.usage } : {}),
          ...(failed ? { error: agentError(run) } : {}),
        }
      },
    }
    const runAgent = (request: DispatchRequest): Promise<AgentRun> => {
      const model = request.model ?? options.model
      if (options.mode === 'fake')
        return Promise.resolve(runFakeAgent(request.prompt, model, request.profile))
      if (options.mode === 'endpoint') {
        const ep = options.endpoint!
        const apiKey = process.env[ep.apiKeyEnv]
        return runEndpoint({
          url: ep.url,
          model: model ?? ep.model,
          prompt: request.prompt,
          timeoutMs: options.timeoutMs,
          ...(apiKey ? { apiKey } : {}),
        })
      }
      return runHermes({
        bin: options.hermesBin,
        binKey: 'pluginOptions.dispatch.hermesBin',
        prompt: request.prompt,
        hermesHome: host.paths.hermesHome,
        toolsets: request.toolsets ?? options.defaultToolsets,
        timeoutMs: options.timeoutMs,
        passEnv: options.passEnv,
        ...(request.profile ? { profile: request.profile } : {}),
        ...(model ? { model } : {}),
        ...(request.provider ? { provider: request.provider } : {}),
      })
    }
    host.provide('dispatch', service)
    // The same guard before a `dispatch/agent` step, so a dry run plans the skip it would make.
    const items = new Map<string, WorkItem>()
    host.hooks.beforeRun.tap({ name: 'dispatch', stage: STAGE.policy }, (run) => {
      if (run.item) items.set(run.runId, run.item)
      return undefined
    })
    host.hooks.afterRun.tap({ name: 'dispatch', stage: STAGE.observe }, (report) => {
      items.delete(report.runId)
    })
    host.hooks.beforeStep.tapPromise(
      { name: 'dispatch', stage: STAGE.policy },
      async (step): Promise<Veto | undefined> => {
        if (step.use !== 'dispatch/agent') return undefined
        const item = items.get(step.runId)
        if (!item?.repo || item.issue === undefined) return undefined
        try {
          const reason = await refusal(item.repo, item.issue, step.lane)
          return reason ? { veto: true, by: 'dispatch', reason } : undefined
        } catch (err) {
          // Gitea unreachable: the agent.dispatch handler checks again before the agent runs.
          host.log.warn(
            { repo: item.repo, issue: item.issue, err: reasonOf(err) },
            'duplicate-PR check failed',
          )
          return undefined
        }
      },
    )
    host.registerEffect('agent.dispatch', (effect, ctx) => service.dispatch(requestOf(effect, ctx)))
  },
})

/** An `agent.dispatch` effect as a request: known fields of the right type only; the run's ids from the runner. */
function requestOf(effect: Effect, ctx: Parameters<EffectHandler>[1]): DispatchRequest {
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

function agentError(run: AgentRun): { code: string; message: string } {
  const err = E.DISPATCH_AGENT_FAILED({
    outcome: run.outcome,
    exitCode: run.exitCode === null ? 'none' : String(run.exitCode),
    stderr: run.stderr.trim().split('\n').slice(-1)[0]?.slice(0, 200) ?? '',
  })
  return { code: err.code, message: err.bare }
}
