/**
 * Steps of the dispatch plugin (run in worker threads, over plain data). Running an agent is a write,
 * so `agent` returns an `agent.dispatch` effect: a dry run plans it, `--apply` runs the agent.
 */
export interface AgentStepInput {
  item?: {
    repo?: string
    issue?: number
    payload?: { issue?: { title?: string; body?: string; number?: number } }
  }
  with?: { prompt?: string; model?: string; toolsets?: string[]; lane?: string }
  lane?: string
  prompt?: string
}

export async function agent(input: AgentStepInput) {
  const issue = input.item?.payload?.issue
  const prompt =
    input.with?.prompt ??
    input.prompt ??
    (issue
      ? `Work on issue #${issue.number ?? input.item?.issue}: ${issue.title ?? ''}\n\n${issue.body ?? ''}`
      : undefined)
  if (!prompt)
    throw new Error('dispatch/agent needs a prompt: give `with: { prompt: … }` or a work item with an issue')
  const effect = {
    kind: 'agent.dispatch',
    prompt,
    ...(input.item?.repo ? { repo: input.item.repo } : {}),
    ...(input.item?.issue !== undefined ? { issue: input.item.issue } : {}),
    ...((input.with?.lane ?? input.lane) ? { lane: input.with?.lane ?? input.lane } : {}),
    ...(input.with?.model ? { model: input.with.model } : {}),
    ...(input.with?.toolsets ? { toolsets: input.with.toolsets } : {}),
  }
  return { output: { dispatched: true, prompt }, effects: [effect] }
}
