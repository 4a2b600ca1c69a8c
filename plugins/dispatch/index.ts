/**
 * The dispatch plugin: runs an agent on a work item (Hermes `-z`, an OpenAI-compatible endpoint, or the
 * deterministic fake agent). A step asks for it with an `agent.dispatch` effect; this plugin applies
 * it: the duplicate-PR guard first, then the run, then its token usage to the `usage` hook. The guard
 * also runs before a `dispatch/agent` step (a `beforeStep` veto), so a dry run's plan shows the skip.
 */

import type { Usage } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { DispatchOptionsSchema } from './options.js'
import type { AgentRun } from './run-hermes.js'

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

export default definePlugin({
  name: 'dispatch',
  version: '1.0.0',
  provides: ['dispatch'],
  optionalNeeds: ['hermes'],
  description: 'Run agents on work items: hermes -z, an OpenAI-compatible endpoint, or the fake agent',
  options: DispatchOptionsSchema,
  steps: new URL('./steps.js', import.meta.url),
  async setup(host, options) {
    const { setupDispatch } = await import('./setup.js')
    return setupDispatch(host, options)
  },
})
