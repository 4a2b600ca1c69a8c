import assert from 'node:assert/strict'
import { test } from 'node:test'
import { contentText, decodeContent } from '../../training/decode-content.js'
import { isoSeconds, providerOfUrl } from '../../training/sources/snapshots.js'
import { providerOfModel } from '../../training/sources/state-db.js'
import { conversationsToMessages } from '../../training/sources/trajectories.js'

test('content with the \\x00json: prefix decodes to its parts; anything else is kept as stored', () => {
  const parts = [
    { type: 'text', text: 'look' },
    { type: 'image_url', image_url: { url: 'data:,' } },
  ]
  assert.deepEqual(decodeContent(`\x00json:${JSON.stringify(parts)}`), parts)
  assert.equal(decodeContent('plain'), 'plain')
  assert.equal(decodeContent('\x00json:{broken'), '\x00json:{broken')
  assert.equal(decodeContent(null), null)
  assert.equal(contentText(parts), 'look')
})

test('providers come from the base URL or the model prefix; naive ISO times read as UTC', () => {
  assert.equal(providerOfUrl('https://openrouter.ai/api/v1'), 'openrouter')
  assert.equal(providerOfUrl('https://api.anthropic.com'), 'anthropic')
  assert.equal(providerOfUrl('not a url'), null)
  assert.equal(providerOfModel('anthropic/claude-sonnet-4.6'), 'anthropic')
  assert.equal(providerOfModel('gpt-5'), null)
  assert.equal(isoSeconds('2026-07-18T14:22:31.5'), Date.parse('2026-07-18T14:22:31.5Z') / 1000)
  assert.equal(isoSeconds('yesterday'), null)
})

test('ShareGPT turns map back to chat messages: think dropped, tool calls and grouped tool responses split', () => {
  const msgs = conversationsToMessages([
    { from: 'system', value: 'sys' },
    { from: 'human', value: 'List files' },
    {
      from: 'gpt',
      value:
        '<think>\nhmm\n</think>\n<tool_call>\n{"name": "terminal", "arguments": {"command": "ls"}}\n</tool_call>\n<tool_call>\n{"name": "read", "arguments": {"path": "a"}}\n</tool_call>',
    },
    {
      from: 'tool',
      value:
        '<tool_response>\n{"tool_call_id": "call_1", "name": "terminal", "content": {"output": "a.txt"}}\n</tool_response>\n<tool_response>\n{"tool_call_id": "call_2", "name": "read", "content": "hello"}\n</tool_response>',
    },
    { from: 'gpt', value: '<think>\n</think>\nThere is one file: a.txt.' },
  ])
  assert.deepEqual(
    msgs.map((m) => m.role),
    ['system', 'user', 'assistant', 'tool', 'tool', 'assistant'],
  )
  const calls = msgs[2]!.tool_calls as { function: { name: string; arguments: string } }[]
  assert.deepEqual(
    calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]),
    [
      ['terminal', { command: 'ls' }],
      ['read', { path: 'a' }],
    ],
  )
  assert.equal(msgs[2]!.content, '')
  assert.deepEqual(msgs[3], {
    role: 'tool',
    content: '{"output":"a.txt"}',
    tool_call_id: 'call_1',
    name: 'terminal',
  })
  assert.equal(msgs[4]!.content, 'hello')
  assert.equal(msgs[5]!.content, 'There is one file: a.txt.')
})

test('a tool call whose JSON does not parse is kept as raw text for curate to reject', () => {
  const msgs = conversationsToMessages([
    { from: 'human', value: 'x' },
    { from: 'gpt', value: '<tool_call>\n{"name": "terminal", "arguments": \n</tool_call>' },
  ])
  assert.equal(typeof msgs[1]!.tool_calls, 'string')
})
