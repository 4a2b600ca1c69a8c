/**
 * `mode: fake`: the one deterministic fake agent (plugins/playbooks/fake-agent.ts, the same prompt
 * always gives the same answer and usage) as an agent run.
 */
import { fakeAgent } from '../playbooks/fake-agent.js'
import type { AgentRun } from './run-hermes.js'

export function runFakeAgent(prompt: string, model = 'fake-model', wizard?: string): AgentRun {
  const reply = fakeAgent({ prompt, model, ...(wizard ? { wizard } : {}) })
  return {
    outcome: 'ok',
    exitCode: 0,
    text: reply.text,
    stderr: '',
    usage: { ...reply.usage, cost_status: 'included' },
    durationMs: 0,
  }
}
