/**
 * The dispatch plugin: runs an agent on a work item (Hermes `-z`, an OpenAI-compatible endpoint, or the
 * deterministic fake agent). A step asks for it with an `agent.dispatch` effect; this plugin applies
 * it: the duplicate-PR guard first, then the run, then its token usage to the `usage` hook.
 */
import { Type } from '@sinclair/typebox'
import type { Effect } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { findDuplicatePull, type PullSource } from './duplicate-pull.js'
import { runFakeAgent } from './fake-agent.js'
import { runEndpoint } from './run-endpoint.js'
import { type AgentRun, runHermes } from './run-hermes.js'

export interface DispatchRequest {
  repo?: string
  issue?: number
  lane?: string
  prompt: string
  model?: string
  toolsets?: string[]
  runId?: string
  stepId?: string
}

export interface DispatchResult {
  skipped?: string
  run?: AgentRun
}

export interface DispatchService {
  dispatch(request: DispatchRequest): Promise<DispatchResult>
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
  },
  { additionalProperties: false },
)

export default definePlugin({
  name: 'dispatch',
  version: '1.0.0',
  description: 'Run agents on work items: hermes -z, an OpenAI-compatible endpoint, or the fake agent',
  options: Options,
  steps: new URL('./steps.js', import.meta.url),
  setup(host, options) {
    const service: DispatchService = {
      async dispatch(request) {
        if (options.duplicateGuard && request.repo && request.issue !== undefined) {
          const pulls = host.maybeUse<PullSource>('gitea')
          if (pulls?.listOpenPulls) {
            const dup = await findDuplicatePull(pulls, request.repo, request.issue)
            if (dup)
              return {
                skipped: `open pull request #${dup.number} already references ${request.repo}#${request.issue}`,
              }
          }
        }
        const run = await runAgent(request)
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
            ...(request.lane ? { lane: request.lane } : {}),
          })
        }
        return { run }
      },
    }
    const runAgent = (request: DispatchRequest): Promise<AgentRun> => {
      const model = request.model ?? options.model
      if (options.mode === 'fake') return Promise.resolve(runFakeAgent(request.prompt, model))
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
        ...(model ? { model } : {}),
      })
    }
    host.provide('dispatch', service)
    host.registerEffect('agent.dispatch', async (effect: Effect) =>
      service.dispatch(effect as unknown as DispatchRequest),
    )
  },
})
