/**
 * The bridge against Hermes' documented formats (../shared/reference/hermes/FORMATS.md §3): hook
 * names and the kwargs Hermes passes, the shell-hook stdin payload, and the plugin manifest fields.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { parse } from 'yaml'
import { HOOK_SCHEMAS, isKnownHook } from '../plugins/bridge/bridge-events.js'
import { fromShellHook } from '../plugins/bridge/bridge-protocol.js'

const FORMATS = readFileSync(new URL('../../shared/reference/hermes/FORMATS.md', import.meta.url), 'utf8')
const section = (start: string, end: string) => FORMATS.slice(FORMATS.indexOf(start), FORMATS.indexOf(end))
const S3B = section('### 3b.', '### 3c.')
const S3C = section('### 3c.', '### 3d.')
const S3A = section('### 3a.', '### 3b.')
const PLUGIN = new URL('../config/hermes-plugins/timmy-bridge/', import.meta.url)

/** The kwargs FORMATS.md lists for a hook: after "kwargs:", in a fenced block, or `a, b` after a colon. */
function documentedKwargs(hook: string): string[] {
  const at = S3B.search(new RegExp(`^- \`${hook}\``, 'm'))
  assert.ok(at >= 0, `${hook} is documented in §3b`)
  const rest = S3B.slice(at + 3)
  const next = rest.search(/^- `/m)
  const segment = next === -1 ? rest : rest.slice(0, next)
  const groups: string[] = []
  for (const m of segment.matchAll(/kwargs: `([^`]+)`/g)) groups.push(m[1]!)
  for (const m of segment.matchAll(/```\n([\s\S]*?)```/g)) groups.push(m[1]!)
  for (const m of segment.matchAll(/: `([^`]+)`$/gm)) groups.push(m[1]!)
  for (const m of segment.matchAll(/also gets `([^`]+)` and `([^`]+)`/g)) groups.push(`${m[1]}, ${m[2]}`)
  return [
    ...new Set(
      groups
        .join(',')
        .split(',')
        .map((k) => k.replace(/\(.*?\)/g, '').trim())
        .filter((k) => /^[a-z_]+$/.test(k)),
    ),
  ]
}

const FORWARDED = [
  'pre_tool_call',
  'post_tool_call',
  'pre_llm_call',
  'post_llm_call',
  'pre_api_request',
  'post_api_request',
  'on_session_start',
  'on_session_end',
  'on_session_finalize',
  'subagent_start',
  'subagent_stop',
  'pre_verify',
  'transform_llm_output',
  'on_session_reset',
] as const

test('every kwarg FORMATS.md lists for a hook the bridge handles has a typed field in its schema', () => {
  for (const hook of FORWARDED) {
    const documented = documentedKwargs(hook)
    if (process.env.SHOW) console.log(hook, documented.join(' '))
    assert.ok(documented.length >= 2, `${hook}: found ${documented.join(', ')}`)
    const props = Object.keys((HOOK_SCHEMAS[hook] as { properties: Record<string, unknown> }).properties)
    const heavy = [
      'conversation_history',
      'request_messages',
      'request',
      'response',
      'assistant_message',
      'middleware_trace',
    ]
    for (const k of documented) {
      if (heavy.includes(k)) continue // never forwarded: the schema leaves them open
      assert.ok(props.includes(k), `${hook}: documented kwarg "${k}" has no field (has ${props.join(', ')})`)
    }
  }
})

test('every hook name the plugin registers is one Hermes defines (VALID_HOOKS)', () => {
  const init = readFileSync(new URL('__init__.py', PLUGIN), 'utf8')
  const tuple = (name: string) =>
    [...init.match(new RegExp(`^${name} = \\(([\\s\\S]*?)\\)`, 'm'))![1]!.matchAll(/"([a-z_]+)"/g)].map(
      (m) => m[1]!,
    )
  const hooks = [...tuple('DECISION_HOOKS'), ...tuple('OBSERVER_HOOKS')]
  assert.equal(hooks.length, 12)
  for (const h of hooks) {
    assert.ok(S3B.includes(`\`${h}\``), `${h} is documented in §3b`)
    assert.ok(isKnownHook(h), h)
  }
  for (const declared of (
    parse(readFileSync(new URL('plugin.yaml', PLUGIN), 'utf8')) as { provides_hooks: string[] }
  ).provides_hooks)
    assert.ok(S3B.includes(`\`${declared}\``), `${declared} is a documented hook`)
})

test('the documented shell-hook stdin example becomes an event with the tool input as args', () => {
  const example = JSON.parse(S3C.match(/```json\n([\s\S]*?)```/)![1]!)
  const event = fromShellHook(example)!
  assert.equal(event.hook, 'pre_tool_call')
  assert.deepEqual(event.kwargs.args, example.tool_input)
  assert.equal(event.kwargs.tool_name, example.tool_name)
  assert.equal(event.kwargs.session_id, example.session_id)
  assert.equal(event.kwargs.tool_call_id, example.extra.tool_call_id)
  assert.equal(HOOK_SCHEMAS.pre_tool_call && isKnownHook(event.hook), true)
})

test('plugin.yaml uses only PluginManifest fields', () => {
  const manifest = parse(readFileSync(new URL('plugin.yaml', PLUGIN), 'utf8')) as Record<string, unknown>
  const fields = [...S3A.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]!)
  assert.ok(fields.includes('provides_hooks'))
  for (const key of Object.keys(manifest)) assert.ok(fields.includes(key), `${key} is a manifest field`)
  assert.equal(manifest.name, 'timmy-bridge')
})
