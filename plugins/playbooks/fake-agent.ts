/**
 * A deterministic fake agent: the same prompt always gives the same answer and token counts, with no
 * model and no network. Playbook tests and dry runs use it instead of a real agent run.
 * It classifies by keywords (bug, security, refactor, feature) so triage-like playbooks can branch.
 */
import { createHash } from 'node:crypto'
import type { Usage } from '../../core/hooks.js'

export interface FakeAgentRequest {
  prompt: string
  lane?: string
  wizard?: string
  model?: string
}

export interface FakeAgentReply {
  text: string
  kind: 'bug' | 'security' | 'refactor' | 'feature'
  labels: string[]
  digest: string
  usage: Usage
}

const RULES: [FakeAgentReply['kind'], RegExp][] = [
  ['security', /\b(security|vulnerab\w*|cve-\d+|injection|xss|csrf|secret|leak)\b/i],
  ['bug', /\b(bug|crash\w*|error|exception|broken|fails?|500|regression)\b/i],
  ['refactor', /\b(refactor\w*|clean ?up|tech(nical)? debt|simplify|duplicat\w*)\b/i],
]

export function fakeAgent(req: FakeAgentRequest): FakeAgentReply {
  const digest = createHash('sha256')
    .update(`${req.wizard ?? ''}\n${req.prompt}`)
    .digest('hex')
    .slice(0, 12)
  const kind = RULES.find(([, re]) => re.test(req.prompt))?.[0] ?? 'feature'
  const firstLine =
    req.prompt
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? ''
  const text = `[fake ${req.wizard ?? 'agent'}] ${kind}: ${firstLine.slice(0, 80)} (${digest})`
  const input = Math.ceil(req.prompt.length / 4)
  const output = 16 + (Number.parseInt(digest.slice(0, 4), 16) % 64)
  return {
    text,
    kind,
    labels: [kind],
    digest,
    usage: {
      model: req.model ?? 'fake-agent',
      provider: 'fake',
      input_tokens: input,
      output_tokens: output,
      cost: 0,
    },
  }
}
