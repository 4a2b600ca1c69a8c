import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkMessages, DEFAULT_LIMITS } from '../../training/check-pair.js'

const ok = [
  { role: 'user', content: 'hi' },
  { role: 'assistant', content: 'hello' },
]
const call = (args: unknown) => [
  { role: 'user', content: 'ls' },
  {
    role: 'assistant',
    content: '',
    tool_calls: [{ id: 'c', type: 'function', function: { name: 'terminal', arguments: args } }],
  },
]

test('a well-formed conversation passes, with tool calls, multimodal parts and ANSI colours', () => {
  assert.equal(checkMessages(ok), undefined)
  assert.equal(checkMessages(call('{"command":"ls"}')), undefined)
  assert.equal(checkMessages(call({ command: 'ls' })), undefined)
  const mm = [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'see' },
        { type: 'image_url', image_url: { url: 'x' } },
      ],
    },
    ok[1],
  ]
  assert.equal(checkMessages(mm), undefined)
  const ansi = [ok[0], { role: 'assistant', content: '\x1b[31mred\x1b[0m' }]
  assert.equal(checkMessages(ansi), undefined)
  assert.equal(ansi[1]!.content, 'red')
})

test('each malformed or poisoned shape is rejected with its reason', () => {
  const cases: [string, unknown, string][] = [
    ['not a list', 'hi', 'bad_types'],
    ['an empty list', [], 'bad_types'],
    ['an unknown role', [{ role: 'wizard', content: 'x' }, ok[1]], 'bad_types'],
    ['a number as content', [{ role: 'user', content: 42 }, ok[1]], 'bad_types'],
    ['a part without a type', [{ role: 'user', content: [{ text: 'x' }] }, ok[1]], 'bad_types'],
    ['a numeric tool_call_id', [ok[0], { role: 'tool', content: 'x', tool_call_id: 5 }, ok[1]], 'bad_types'],
    ['a NUL byte', [ok[0], { role: 'assistant', content: 'a\x00b' }], 'control_chars'],
    [
      'a bell in a text part',
      [{ role: 'user', content: [{ type: 'text', text: 'a\x07' }] }, ok[1]],
      'control_chars',
    ],
    [
      'a huge message',
      [ok[0], { role: 'assistant', content: 'x'.repeat(DEFAULT_LIMITS.maxMessageChars + 1) }],
      'too_large',
    ],
    ['too many messages', Array.from({ length: DEFAULT_LIMITS.maxMessages + 1 }, () => ok[1]), 'too_large'],
    [
      'tool_calls that are a string',
      call('x').map((m, i) => (i === 1 ? { ...m, tool_calls: '[{' } : m)),
      'tool_call_json',
    ],
    ['arguments that do not parse', call('{"command": '), 'tool_call_json'],
    ['arguments that are not an object', call('[1,2]'), 'tool_call_json'],
    [
      'a tool call without a name',
      call('{}').map((m, i) => (i === 1 ? { ...m, tool_calls: [{ function: { arguments: '{}' } }] } : m)),
      'tool_call_json',
    ],
    [
      'tool calls on a user message',
      [{ role: 'user', content: 'x', tool_calls: [] }, ok[1]],
      'tool_call_json',
    ],
    ['no assistant turn', [ok[0]], 'no_assistant_turn'],
  ]
  for (const [name, messages, reason] of cases) assert.equal(checkMessages(messages), reason, name)
})
