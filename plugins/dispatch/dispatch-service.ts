/** The `dispatch` service: the refusal guard (lane, duplicate PR, recent dispatch), then the agent run and its usage. */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import { matchLaneRepo } from '../playbooks/match-lane-repo.js'
import { resolveLanes } from '../triage/lanes.js'
import { duplicateReason, findDuplicatePull } from './duplicate-pull.js'
import { runFakeAgent } from './fake-agent.js'
import type { DispatchRequest, DispatchService } from './index.js'
import type { DispatchOptionsSchema } from './options.js'
import { readVerdict } from './read-verdict.js'
import { recentDispatches, recentReason } from './recent-dispatches.js'
import { agentError } from './request-of.js'
import { runEndpoint } from './run-endpoint.js'
import { type AgentRun, runHermes } from './run-hermes.js'

type Options = Static<typeof DispatchOptionsSchema>

export function createDispatchService(host: PluginHost, options: Options): DispatchService {
  let recentLog: ReturnType<typeof recentDispatches> | undefined
  const recent = async () => (recentLog ??= recentDispatches(await host.store()))
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
  return {
    refusal,
    async dispatch(request) {
      if (request.repo && request.issue !== undefined) {
        const skipped = await refusal(request.repo, request.issue, request.lane)
        if (skipped) return { skipped }
      }
      const issueRef =
        request.repo && request.issue !== undefined ? { repo: request.repo, issue: request.issue } : undefined
      if (issueRef) (await recent()).start(issueRef.repo, issueRef.issue, Date.now())
      let run: AgentRun
      try {
        run = await runAgent(host, options, request)
      } catch (err) {
        // the agent never ran (no hermes binary, a bad endpoint): nothing holds the issue
        if (issueRef) (await recent()).finish(issueRef.repo, issueRef.issue, 0, 'not started')
        throw err
      }
      if (issueRef) (await recent()).finish(issueRef.repo, issueRef.issue, Date.now(), run.outcome)
      if (run.usage) await reportUsage(host, options, request, run)
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
}

/** The run's token usage on the `usage` hook, keyed by its run and step. */
async function reportUsage(host: PluginHost, options: Options, request: DispatchRequest, run: AgentRun) {
  await host.hooks.usage.promise({
    ...run.usage!,
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

function runAgent(host: PluginHost, options: Options, request: DispatchRequest): Promise<AgentRun> {
  const model = request.model ?? options.model
  if (options.mode === 'fake') return Promise.resolve(runFakeAgent(request.prompt, model, request.profile))
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
    childEnv: host.use('hermes').childEnv,
    toolsets: request.toolsets ?? options.defaultToolsets,
    timeoutMs: options.timeoutMs,
    passEnv: options.passEnv,
    ...(request.profile ? { profile: request.profile } : {}),
    ...(model ? { model } : {}),
    ...(request.provider ? { provider: request.provider } : {}),
  })
}
