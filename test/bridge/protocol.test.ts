import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkKwargs, HERMES_HOOK_NAMES } from '../../plugins/bridge/bridge-events.js'
import {
  fromShellHook,
  isAcceptedReply,
  MAX_STRING,
  trimKwargs,
  unreachableReply,
  vetoReply,
} from '../../plugins/bridge/bridge-protocol.js'
import { usageFromHermes } from '../../plugins/bridge/bridge-usage.js'
import { callTool } from '../../plugins/bridge/mcp-tools.js'
import { SessionReservations } from '../../plugins/bridge/session-reservations.js'

test('a shell-hook payload becomes the same kwargs the Python plugin sends', () => {
  const event = fromShellHook({
    hook_event_name: 'pre_tool_call',
    tool_name: 'terminal',
    tool_input: { command: 'ls' },
    session_id: 's1',
    cwd: '/p',
    extra: { task_id: 't', tool_call_id: 'c1', middleware_trace: [1, 2] },
  })
  assert.deepEqual(event, {
    hook: 'pre_tool_call',
    source: 'shell',
    kwargs: {
      task_id: 't',
      tool_call_id: 'c1',
      session_id: 's1',
      tool_name: 'terminal',
      args: { command: 'ls' },
      cwd: '/p',
    },
  })
  const llm = fromShellHook({
    hook_event_name: 'on_session_end',
    tool_name: null,
    tool_input: null,
    session_id: 's',
  })
  assert.deepEqual(llm?.kwargs, { session_id: 's' }, 'null tool fields are left out')
  for (const junk of [null, 1, 'x', [], {}, { hook_event_name: 3 }, { hook_event_name: 'DROP TABLE' }])
    assert.equal(fromShellHook(junk), undefined)
})

test('long strings are cut and heavy kwargs dropped', () => {
  const out = trimKwargs({ conversation_history: [1], user_message: 'x'.repeat(MAX_STRING + 10), n: 1 })
  assert.equal(out.conversation_history, undefined)
  assert.equal(out.n, 1)
  assert.match(String(out.user_message), /…\[cut 10\]$/)
})

test('replies have the shapes Hermes honours for each hook', () => {
  assert.deepEqual(vetoReply('pre_tool_call', 'no'), { action: 'block', message: 'no' })
  assert.ok(isAcceptedReply('pre_llm_call', vetoReply('pre_llm_call', 'no')))
  assert.equal(vetoReply('post_tool_call', 'no'), null)
  assert.equal(unreachableReply('pre_tool_call', 'open'), null)
  assert.equal(unreachableReply('on_session_end', 'closed'), null)
  assert.equal(isAcceptedReply('pre_tool_call', { decision: 'maybe' }), false)
})

test('every Hermes hook name has a schema, and extra kwargs from a newer Hermes are accepted', () => {
  assert.equal(HERMES_HOOK_NAMES.length, 23)
  assert.equal(checkKwargs('on_session_start', { session_id: 's', something_new: { a: 1 } }), undefined)
  assert.equal(checkKwargs('subagent_stop', { child_status: 3 })?.path, 'kwargs.child_status')
})

test('usage maps canonical buckets, and OpenAI-style prompt tokens without the cache', () => {
  const at = '2026-01-01T00:00:00.000Z'
  assert.deepEqual(
    usageFromHermes(
      {
        session_id: 's',
        model: 'm',
        usage: { prompt_tokens: 130, completion_tokens: 9, cache_read_tokens: 30 },
      },
      at,
    ),
    {
      source: 'hermes',
      at,
      model: 'm',
      sessionId: 's',
      input_tokens: 100,
      output_tokens: 9,
      cache_read_tokens: 30,
    },
  )
  assert.equal(usageFromHermes({ usage: null }, at), undefined)
})

test('reservations add up per session, release per call, and expire', () => {
  let now = 0
  const r = new SessionReservations({ ttlMs: 1000, now: () => now })
  r.reserve('s', 'a', 100)
  r.reserve('s', 'b', 50)
  r.reserve('t', 'a', 7)
  assert.equal(r.reserved('s'), 150)
  r.release('s', 'a')
  assert.equal(r.reserved('s'), 50)
  now = 2000
  assert.equal(r.reserved('s'), 0)
  r.endSession('t')
  assert.equal(r.sessions, 0)
})

test('an MCP tool whose service lacks the method answers a coded error', async () => {
  await assert.rejects(
    callTool('lanes', {}, () => ({})),
    { code: 'TIMMY_ERR_HERMES_SERVICE_UNSUPPORTED' },
  )
  await assert.rejects(
    callTool('nope', {}, () => ({})),
    { code: 'TIMMY_ERR_HERMES_TOOL_BAD_ARGS' },
  )
})
