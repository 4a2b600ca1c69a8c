/**
 * The tools `timmy mcp` offers Hermes (they appear there as `mcp_timmy_<tool>`). Each tool looks its
 * service up lazily (`host.service(name)`) when called and answers a coded error when the service, or
 * the method it needs, is missing. The method each tool calls is part of the contract with the plugin
 * that provides the service (see `McpServices` below).
 */

import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type Static, Type as T, type TObject } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { ServiceOf } from '../../core/plugin.js'
import type { DeployService } from '../deploy/service.js'
import { E as playbooksErrors } from '../playbooks/errors.js'
import type { PlaybooksService } from '../playbooks/service.js'
import { workItemFrom } from '../playbooks/work-item.js'
import { E } from './errors.js'

/**
 * What each tool calls of its service: the interfaces the providing plugins declare on `Services`
 * (declaration merging, see core/plugin.ts), so core imports no plugin file.
 */
export interface McpServices {
  playbooks: Pick<PlaybooksService, 'run' | 'lanes' | 'dirs'>
  budget: Pick<ServiceOf<'budget'>, 'status'>
  deadman: Pick<ServiceOf<'deadman'>, 'status'>
  deploy: Pick<DeployService, 'flushContinuity'>
  triage: Pick<ServiceOf<'triage'>, 'sweep'>
  bridge: Pick<ServiceOf<'bridge'>, 'liveStats'>
}

export interface McpTool<S extends TObject = TObject, K extends keyof McpServices = keyof McpServices> {
  name: string
  description: string
  input: S
  service: K
  /** The method the tool needs (checked before the call: a missing one is a coded error). */
  method: string
  call(service: McpServices[K], args: Static<S>): unknown
}

const tool = <S extends TObject, K extends keyof McpServices>(t: McpTool<S, K>): McpTool =>
  t as unknown as McpTool
const Strict = { additionalProperties: false } as const

/** What a playbook name looks like: no path separators, no dots, no extension. */
const PLAYBOOK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

/**
 * A playbook name → its file in the project's playbooks folders (then timmy's shipped ones), never a
 * path: an agent must not run a playbook (and lanes) it wrote itself.
 */
export function projectPlaybook(s: Pick<PlaybooksService, 'dirs'>, name: string): string {
  if (!PLAYBOOK_NAME.test(name)) throw E.HERMES_PLAYBOOK_NOT_A_NAME({ given: name })
  for (const dir of s.dirs()) {
    for (const ext of ['.yaml', '.yml']) {
      const file = join(dir, `${name}${ext}`)
      if (existsSync(file) && statSync(file).isFile()) return file
    }
  }
  throw playbooksErrors.PLAYBOOK_NOT_FOUND({ name, searched: s.dirs().join(', ') })
}

/** The lanes of the first playbooks folder that has a lanes.yaml (the project's before timmy's own). */
function lanesOf(s: McpServices['playbooks']): unknown[] {
  const dirs = s.dirs()
  const dir = dirs.find((d) => existsSync(join(d, 'lanes.yaml'))) ?? dirs[0]
  if (dir === undefined) return []
  return [...s.lanes(dir).values()]
}

export const MCP_TOOLS: readonly McpTool[] = [
  tool({
    name: 'run_playbook',
    description:
      'Run a timmy playbook against an event. Dry run by default: returns the run report (steps, outputs, the effects it would apply) without touching Gitea or Hermes. Set apply=true to apply the effects.',
    input: T.Object(
      {
        playbook: T.String({
          minLength: 1,
          description:
            "The name of a playbook in the project's playbooks folder, e.g. bug-fixer (never a path).",
        }),
        event: T.Optional(
          T.Record(T.String(), T.Unknown(), {
            description:
              'The triggering event: a Gitea webhook payload or { event, payload, repo?, issue? }.',
          }),
        ),
        apply: T.Optional(T.Boolean({ default: false, description: 'Apply effects for real.' })),
      },
      Strict,
    ),
    service: 'playbooks',
    method: 'run',
    call: (s, a) =>
      s.run(projectPlaybook(s, a.playbook), {
        item: workItemFrom(a.event, { source: 'hermes' }),
        apply: a.apply === true,
      }),
  }),
  tool({
    name: 'budget_status',
    description:
      'Token and cost budgets: caps, spent, reserved, percent used and whether paused (optionally only those that apply to a lane or playbook).',
    input: T.Object({ lane: T.Optional(T.String()), playbook: T.Optional(T.String()) }, Strict),
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
    call: (s) => lanesOf(s),
  }),
  tool({
    name: 'deadman_status',
    description: "Each wizard's liveness: state (new, up, late, down, paused), last beat and restarts.",
    input: T.Object({}, Strict),
    service: 'deadman',
    method: 'status',
    call: (s) => s.status(),
  }),
  tool({
    name: 'flush_continuity',
    description:
      "Write the continuity notes now (live generation, last known-good, cron freshness) to timmy's daily notes, so a restart resumes cleanly. Returns the file.",
    input: T.Object({}, Strict),
    service: 'deploy',
    method: 'flushContinuity',
    call: async (s) => ({ file: await s.flushContinuity() }),
  }),
  tool({
    name: 'triage_preview',
    description:
      'Preview how open Gitea issues would be triaged (labels, lane, priority, stale and orphaned work) without changing anything.',
    input: T.Object(
      {
        repo: T.Optional(T.String({ description: 'owner/name (default: the configured repos)' })),
        limit: T.Optional(
          T.Integer({ minimum: 1, maximum: 200, description: 'Most issues changed (the ceiling).' }),
        ),
      },
      Strict,
    ),
    service: 'triage',
    method: 'sweep',
    call: (s, a) =>
      s.sweep({
        confirm: false,
        ...(a.repo ? { repos: [a.repo] } : {}),
        ...(a.limit !== undefined ? { ceiling: a.limit } : {}),
      }),
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
  return await t.call(svc as never, given as never)
}

/** The MCP `tools/list` entries (JSON Schema straight from TypeBox). */
export function listTools(): { name: string; description: string; inputSchema: Record<string, unknown> }[] {
  return MCP_TOOLS.map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: JSON.parse(JSON.stringify(t.input)) as Record<string, unknown>,
  }))
}
