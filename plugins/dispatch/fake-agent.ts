/** A deterministic agent for tests and dry runs: the same prompt always gives the same answer and usage. */
import { createHash } from 'node:crypto'
import type { AgentRun } from './run-hermes.js'

export function runFakeAgent(prompt: string, model = 'fake-model'): AgentRun {
  const digest = createHash('sha256').update(prompt).digest('hex').slice(0, 12)
  const words = prompt.split(/\s+/).filter(Boolean).length
  return {
    outcome: 'ok',
    exitCode: 0,
    text: `fake agent ${digest}: done`,
    stderr: '',
    usage: {
      model,
      provider: 'fake',
      input_tokens: words * 4,
      output_tokens: 16,
      cost: 0,
      cost_status: 'included',
    },
    durationMs: 0,
  }
}
