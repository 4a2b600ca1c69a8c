/**
 * TypeBox schemas of Hermes hook events, one per hook name, from the keyword arguments Hermes passes
 * at its call sites (FORMATS.md §3b). Fields are typed but optional (the bridge may trim heavy ones,
 * shell hooks stringify what they cannot serialise) and extra kwargs are allowed (newer Hermes).
 */
import { type Static, Type as T, type TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'

const Str = T.Optional(T.Union([T.String(), T.Null()]))
const Num = T.Optional(T.Union([T.Number(), T.Null()]))
const Bool = T.Optional(T.Union([T.Boolean(), T.Null()]))
/** Ids: Hermes uses strings; tolerate integers (turn counters). */
const Id = T.Optional(T.Union([T.String({ maxLength: 512 }), T.Integer(), T.Null()]))
const Dict = T.Optional(T.Union([T.Record(T.String(), T.Unknown()), T.Null()]))
const Time = T.Optional(T.Union([T.Number(), T.String(), T.Null()]))
const open = <P extends Record<string, TSchema>>(props: P) => T.Object(props, { additionalProperties: true })

/** Per-call usage buckets (FORMATS.md §8), plus the OpenAI-style names some providers report. */
export const UsageSchema = open({
  input_tokens: Num,
  output_tokens: Num,
  cache_read_tokens: Num,
  cache_write_tokens: Num,
  reasoning_tokens: Num,
  request_count: Num,
  prompt_tokens: Num,
  completion_tokens: Num,
  total_tokens: Num,
  estimated_cost_usd: Num,
  actual_cost_usd: Num,
  cost_status: Str,
})

const corr = {
  session_id: Id,
  task_id: Id,
  turn_id: Id,
  api_request_id: Id,
  telemetry_schema_version: Str,
}
const toolCall = { ...corr, tool_name: T.String({ maxLength: 256 }), args: Dict, tool_call_id: Id }
const toolResult = {
  ...toolCall,
  result: Str,
  duration_ms: Num,
  status: Str,
  error_type: Str,
  error_message: Str,
}
const apiCall = {
  ...corr,
  platform: Str,
  model: Str,
  provider: Str,
  base_url: Str,
  api_mode: Str,
  api_call_count: Num,
  message_count: Num,
  started_at: Time,
}
const approval = {
  command: Str,
  description: Str,
  pattern_key: Str,
  pattern_keys: T.Optional(T.Union([T.Array(T.String()), T.Null()])),
  session_key: Str,
  surface: Str,
}
const kanban = { task_id: Id, board: Str, assignee: Str, run_id: Id, profile_name: Str }

/** Every hook name Hermes defines (VALID_HOOKS at 614dc194) and the schema of its kwargs. */
export const HOOK_SCHEMAS = {
  pre_tool_call: open(toolCall),
  post_tool_call: open(toolResult),
  transform_tool_result: open(toolResult),
  transform_terminal_output: open({ ...corr, command: Str, output: Str }),
  pre_llm_call: open({
    ...corr,
    user_message: Str,
    is_first_turn: Bool,
    model: Str,
    platform: Str,
    sender_id: Id,
  }),
  post_llm_call: open({ ...corr, user_message: Str, assistant_response: Str, model: Str, platform: Str }),
  transform_llm_output: open({ ...corr, response_text: Str, model: Str, platform: Str }),
  pre_api_request: open({
    ...apiCall,
    user_message: Str,
    tool_count: Num,
    approx_input_tokens: Num,
    request_char_count: Num,
    max_tokens: Num,
  }),
  post_api_request: open({
    ...apiCall,
    api_duration: Num,
    ended_at: Time,
    finish_reason: Str,
    response_model: Str,
    usage: T.Optional(T.Union([UsageSchema, T.Null()])),
    assistant_content_chars: Num,
    assistant_tool_call_count: Num,
  }),
  api_request_error: open({ ...apiCall, error: Str, error_type: Str, error_message: Str }),
  pre_verify: open({
    session_id: Id,
    platform: Str,
    model: Str,
    coding: Bool,
    attempt: Num,
    final_response: Str,
    changed_paths: T.Optional(T.Union([T.Array(T.String()), T.Null()])),
  }),
  on_session_start: open({ session_id: Id, model: Str, platform: Str }),
  on_session_end: open({
    ...corr,
    completed: Bool,
    interrupted: Bool,
    model: Str,
    platform: Str,
    reason: Str,
  }),
  on_session_finalize: open({ session_id: Id, platform: Str, reason: Str }),
  on_session_reset: open({ session_id: Id, platform: Str, reason: Str }),
  subagent_start: open({
    parent_session_id: Id,
    parent_turn_id: Id,
    parent_subagent_id: Id,
    child_session_id: Id,
    child_subagent_id: Id,
    child_role: Str,
    child_goal: Str,
  }),
  subagent_stop: open({
    parent_session_id: Id,
    child_role: Str,
    child_summary: Str,
    child_status: Str,
    duration_ms: Num,
  }),
  pre_gateway_dispatch: open({ event: T.Optional(T.Unknown()) }),
  pre_approval_request: open(approval),
  post_approval_response: open({ ...approval, choice: Str, decided_by: Str }),
  kanban_task_claimed: open(kanban),
  kanban_task_completed: open({ ...kanban, summary: Str }),
  kanban_task_blocked: open({ ...kanban, reason: Str }),
} as const

export type HermesHookName = keyof typeof HOOK_SCHEMAS
export type HermesKwargs<H extends HermesHookName> = Static<(typeof HOOK_SCHEMAS)[H]>
export type HermesUsage = Static<typeof UsageSchema>

export const HERMES_HOOK_NAMES = Object.freeze(Object.keys(HOOK_SCHEMAS) as HermesHookName[])

export function isKnownHook(name: string): name is HermesHookName {
  return Object.hasOwn(HOOK_SCHEMAS, name)
}

const compiled = new Map<string, ReturnType<typeof TypeCompiler.Compile>>()

export interface KwargsProblem {
  path: string
  expected: string
}

/** Validate a known hook's kwargs; undefined when they are fine, else the first problem. */
export function checkKwargs(hook: HermesHookName, kwargs: unknown): KwargsProblem | undefined {
  let check = compiled.get(hook)
  if (!check) {
    check = TypeCompiler.Compile(HOOK_SCHEMAS[hook])
    compiled.set(hook, check)
  }
  if (check.Check(kwargs)) return undefined
  const first = check.Errors(kwargs).First()
  return { path: `kwargs${first?.path.replace(/\//g, '.') ?? ''}`, expected: first?.message ?? 'an object' }
}
