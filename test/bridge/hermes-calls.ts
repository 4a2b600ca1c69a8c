/**
 * The keyword arguments Hermes passes to each hook the bridge taps (FORMATS.md §3b, call sites at
 * 614dc194), with realistic values — including the heavy ones the bridge must not forward.
 */
const history = [
  { role: 'user', content: 'fix the failing test' },
  { role: 'assistant', content: 'Looking at it.' },
]

export function hermesCalls(session: string): { hook: string; kwargs: Record<string, unknown> }[] {
  const corr = { task_id: 'task-1', turn_id: 'turn-3', api_request_id: 'req-7', session_id: session }
  return [
    {
      hook: 'on_session_start',
      kwargs: { session_id: session, model: 'anthropic/claude-sonnet-4.6', platform: 'cli' },
    },
    {
      hook: 'pre_llm_call',
      kwargs: {
        session_id: session,
        task_id: 'task-1',
        turn_id: 'turn-3',
        user_message: 'fix the failing test',
        conversation_history: history,
        is_first_turn: true,
        model: 'anthropic/claude-sonnet-4.6',
        platform: 'cli',
        sender_id: 'user-1',
      },
    },
    {
      hook: 'pre_api_request',
      kwargs: {
        ...corr,
        user_message: 'fix the failing test',
        conversation_history: history,
        platform: 'cli',
        model: 'anthropic/claude-sonnet-4.6',
        provider: 'openrouter',
        base_url: 'https://openrouter.ai/api/v1',
        api_mode: 'chat_completions',
        api_call_count: 1,
        request_messages: history,
        message_count: 2,
        tool_count: 14,
        approx_input_tokens: 1200,
        request_char_count: 4800,
        max_tokens: 800,
        started_at: 1795890000.5,
        middleware_trace: [],
        request: { $object: true },
      },
    },
    {
      hook: 'post_api_request',
      kwargs: {
        ...corr,
        platform: 'cli',
        model: 'anthropic/claude-sonnet-4.6',
        provider: 'openrouter',
        base_url: 'https://openrouter.ai/api/v1',
        api_mode: 'chat_completions',
        api_call_count: 1,
        api_duration: 2.31,
        started_at: 1795890000.5,
        ended_at: 1795890002.81,
        finish_reason: 'tool_calls',
        message_count: 2,
        response_model: 'anthropic/claude-sonnet-4.6',
        response: { $object: true },
        usage: {
          $usage: {
            input_tokens: 1000,
            output_tokens: 250,
            cache_read_tokens: 200,
            cache_write_tokens: 0,
            reasoning_tokens: 30,
            request_count: 1,
          },
        },
        assistant_message: { $object: true },
        assistant_content_chars: 120,
        assistant_tool_call_count: 1,
      },
    },
    {
      hook: 'pre_tool_call',
      kwargs: {
        tool_name: 'terminal',
        args: { command: 'npm test' },
        task_id: 'task-1',
        session_id: session,
        tool_call_id: 'call_1',
        turn_id: 'turn-3',
        api_request_id: 'req-7',
        middleware_trace: [],
      },
    },
    {
      hook: 'post_tool_call',
      kwargs: {
        tool_name: 'terminal',
        args: { command: 'npm test' },
        result: '{"output": "1 failing", "exit_code": 1}',
        task_id: 'task-1',
        session_id: session,
        tool_call_id: 'call_1',
        turn_id: 'turn-3',
        api_request_id: 'req-7',
        duration_ms: 5120,
        status: 'ok',
        error_type: null,
        error_message: null,
        middleware_trace: [],
      },
    },
    {
      hook: 'api_request_error',
      kwargs: { ...corr, platform: 'cli', model: 'm', provider: 'openrouter', api_call_count: 2 },
    },
    {
      hook: 'post_llm_call',
      kwargs: {
        session_id: session,
        task_id: 'task-1',
        turn_id: 'turn-3',
        user_message: 'fix the failing test',
        assistant_response: 'Fixed: the assertion compared strings to numbers.',
        conversation_history: history,
        model: 'anthropic/claude-sonnet-4.6',
        platform: 'cli',
      },
    },
    {
      hook: 'subagent_start',
      kwargs: {
        parent_session_id: session,
        parent_turn_id: 'turn-3',
        parent_subagent_id: null,
        child_session_id: `${session}-child`,
        child_subagent_id: 'sa-1',
        child_role: 'reviewer',
        child_goal: 'review the fix',
      },
    },
    {
      hook: 'subagent_stop',
      kwargs: {
        parent_session_id: session,
        child_role: 'reviewer',
        child_summary: 'looks good',
        child_status: 'completed',
        duration_ms: 900,
      },
    },
    {
      hook: 'on_session_end',
      kwargs: {
        session_id: session,
        task_id: 'task-1',
        turn_id: 'turn-3',
        completed: true,
        interrupted: false,
        model: 'anthropic/claude-sonnet-4.6',
        platform: 'cli',
      },
    },
    { hook: 'on_session_finalize', kwargs: { session_id: session, platform: 'cli', reason: 'shutdown' } },
  ]
}

/** The hooks the bridge plugin taps. */
export const BRIDGE_HOOKS = [
  'api_request_error',
  'on_session_end',
  'on_session_finalize',
  'on_session_start',
  'post_api_request',
  'post_llm_call',
  'post_tool_call',
  'pre_api_request',
  'pre_llm_call',
  'pre_tool_call',
  'subagent_start',
  'subagent_stop',
]
