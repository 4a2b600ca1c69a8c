/**
 * The tools `timmy mcp` offers Hermes (they appear there as `mcp_timmy_<tool>`). Each tool looks its
 * service up lazily (`host.service(name)`) when called and answers a coded error when the service, or
 * the method it needs, is missing. The method each tool calls is part of the contract with the plugin
 * that provides the service (see `McpServices` below).
 */
import { type Static, Type as T, type TObject } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { E } from '../errors.js'

/** What each tool expects of its service (only the methods the tools call). */
export interface McpServices {
  playbooks: {
    /** Plan (dryRun) or run a playbook against an event; returns the run report. */
    runPlaybook(args: { playbook: string; event?: unknown; dryRun: boolean }): unknown
    /** The lanes of playbooks/lanes.yaml. */
    lanes(): unknown
  }
  budget: { status(args: { sessionId?: string; lane?: string }): unknown }
  deadman: {
    status(): unknown
    /** Write the continuity notes (what each wizard was doing) now; returns what was written. */
    flushContinuity(args: { wizard?: string }): unknown
  }
  triage: { preview(args: { repo?: string; limit: number }): unknown }
  bridge: { liveStats(): unknown }
}

export interface McpTool<S extends TObject = TObject> {
  name: string
  description: string
  input: S
  service: keyof McpServices
  method: string
  call(service: any, args: Static<S>): unknown
}

const tool = <S extends TObject>(t: McpTool<S>): McpTool => t as unknown as McpTool
const Strict = { additionalProperties: false } as const

export const MCP_TOOLS: readonly McpTool[] = [
  tool({
    name: 'run_playbook',
    description:
      'Run a timmy playbook against an event. Dry run by default: returns the plan (steps, inputs, outputs, effects it would apply, tokens) without touching Gitea or Hermes. Set apply=true to apply the effects.',
    input: T.Object(
      {
        playbook: T.String({ minLength: 1, description: 'Playbook name or path, e.g. bug-fixer.' }),
        event: T.Optional(T.Record(T.String(), T.Unknown(), { description: 'The triggering event (JSON).' })),
        apply: T.Optional(T.Boolean({ default: false, description: 'Apply effects for real.' })),
      },
      Strict,
    ),
    service: 'playbooks',
    method: 'runPlaybook',
    call: (s, a) => s.runPlaybook({ playbook: a.playbook, event: a.event, dryRun: a.apply !== true }),
  }),
  tool({
    name: 'budget_status',
    description: 'Token and cost budgets: limits, spent, reserved and what is left (per lane or session).',
    input: T.Object({ sessionId: T.Optional(T.String()), lane: T.Optional(T.String()) }, Strict),
    service: 'budget',
    method: 'status',
    call: (s, a) => s.status(a),
  }),
  tool({
    name: 'lanes',
    description: 'The work lanes: which agent, model, concurrency and repositories each lane has.',
    input: T.Object({}, Strict),
    service: 'playbooks',
    method: 'lanes',
    call: (s) => s.lanes(),
  }),
  tool({
    name: 'deadman_status',
    description: "Each wizard's liveness: last beat, state (alive, stale, dead) and restarts.",
    input: T.Object({}, Strict),
    service: 'deadman',
    method: 'status',
    call: (s) => s.status(),
  }),
  tool({
    name: 'flush_continuity',
    description: 'Write the continuity notes now (what each wizard was doing), so a restart resumes cleanly.',
    input: T.Object({ wizard: T.Optional(T.String()) }, Strict),
    service: 'deadman',
    method: 'flushContinuity',
    call: (s, a) => s.flushContinuity(a),
  }),
  tool({
    name: 'triage_preview',
    description:
      'Preview how open Gitea issues would be triaged (labels, lane, priority) without changing anything.',
    input: T.Object(
      {
        repo: T.Optional(T.String({ description: 'owner/name' })),
        limit: T.Optional(T.Integer({ minimum: 1, maximum: 200, default: 20 })),
      },
      Strict,
    ),
    service: 'triage',
    method: 'preview',
    call: (s, a) => s.preview({ ...(a.repo ? { repo: a.repo } : {}), limit: a.limit ?? 20 }),
  }),
  tool({
    name: 'bridge_status',
    description:
      'Counters of Hermes events the running timmy serve received: accepted per hook, ignored, invalid, vetoes.',
    input: T.Object({}, Strict),
    service: 'bridge',
    method: 'liveStats',
    call: (s) => s.liveStats(),
  }),
]

/** Run a tool; resolves with its result or rejects with a coded error. */
export async function callTool(
  name: string,
  args: unknown,
  service: (name: string) => unknown,
): Promise<unknown> {
  const t = MCP_TOOLS.find((x) => x.name === name)
  if (!t) throw E.HERMES_TOOL_BAD_ARGS({ tool: name, reason: `no tool "${name}"` })
  const given = Value.Default(t.input, Value.Clone(args ?? {}))
  if (!Value.Check(t.input, given)) {
    const first = Value.Errors(t.input, given).First()
    throw E.HERMES_TOOL_BAD_ARGS({
      tool: name,
      reason: `${first?.path || 'arguments'}: ${first?.message ?? 'invalid'}`,
    })
  }
  const svc = service(t.service)
  if (svc === undefined || svc === null) throw E.HERMES_SERVICE_MISSING({ tool: name, service: t.service })
  if (typeof (svc as Record<string, unknown>)[t.method] !== 'function')
    throw E.HERMES_SERVICE_UNSUPPORTED({ tool: name, service: t.service, method: t.method })
  return await t.call(svc, given as never)
}

/** The MCP `tools/list` entries (JSON Schema straight from TypeBox). */
export function listTools(): { name: string; description: string; inputSchema: Record<string, unknown> }[] {
  return MCP_TOOLS.map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: JSON.parse(JSON.stringify(t.input)) as Record<string, unknown>,
  }))
}
