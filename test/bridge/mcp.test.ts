import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { BIN, TSX } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { serve, writeStandIn } from './_setup.js'

const TOOLS = [
  'bridge_status',
  'budget_status',
  'deadman_status',
  'flush_continuity',
  'lanes',
  'run_playbook',
  'triage_preview',
]

/** `timmy mcp` as Hermes starts it: a child process on stdio, with only the env Hermes passes. */
async function connect(
  t: { after(fn: () => unknown): void },
  all: boolean,
  box: Sandbox = sandbox(t),
  extraEnv: Record<string, string> = {},
) {
  writeStandIn(box, { all })
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', TSX, BIN, 'mcp'],
    cwd: box.cwd,
    // Hermes' filtered environment: PATH, HOME, … plus the configured env (FORMATS.md §3e).
    env: {
      PATH: process.env.PATH ?? '',
      HOME: box.env.HOME!,
      TIMMY_HOME: box.home,
      HERMES_HOME: box.hermes,
      ...extraEnv,
    },
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (d) => (stderr += d))
  const client = new Client({ name: 'timmy-test', version: '0.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r = (await client.callTool({ name, arguments: args })) as {
      isError?: boolean
      content: { type: string; text: string }[]
    }
    return { isError: r.isError === true, text: r.content[0]!.text, stderr: () => stderr }
  }
  return { client, call }
}

test('an MCP client from the same SDK lists the tools and calls each one over stdio', async (t) => {
  const s = await serve(t)
  await fetch(`${s.url}/hermes/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hook: 'on_session_start', kwargs: { session_id: 'm' } }),
  })
  const { client, call } = await connect(t, true, s.box)
  const { tools } = await client.listTools()
  assert.deepEqual(tools.map((x) => x.name).sort(), TOOLS)
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object')
    assert.ok(tool.description && tool.description.length > 20)
  }

  const plan = await call('run_playbook', { playbook: 'bug-fixer', event: { action: 'labeled' } })
  assert.equal(plan.isError, false, plan.text)
  assert.deepEqual(JSON.parse(plan.text).args, {
    playbook: 'bug-fixer',
    event: { action: 'labeled' },
    dryRun: true,
  })
  const applied = await call('run_playbook', { playbook: 'bug-fixer', apply: true })
  assert.equal(JSON.parse(applied.text).args.dryRun, false)
  assert.deepEqual(JSON.parse((await call('budget_status', { lane: 'coder' })).text), {
    limit: 1000,
    spent: 1000,
    args: { lane: 'coder' },
  })
  assert.equal(JSON.parse((await call('lanes')).text)[0].name, 'coder')
  assert.equal(JSON.parse((await call('deadman_status')).text).wizards[0].state, 'alive')
  assert.deepEqual(JSON.parse((await call('flush_continuity', { wizard: 'timmy' })).text), {
    flushed: 1,
    args: { wizard: 'timmy' },
  })
  assert.deepEqual(JSON.parse((await call('triage_preview', { repo: 'o/r' })).text).args, {
    repo: 'o/r',
    limit: 20,
  })
  const bridge = JSON.parse((await call('bridge_status')).text)
  assert.equal(bridge.url, s.url, 'the counters of the running timmy serve')
  assert.deepEqual(bridge.acceptedByHook, { on_session_start: 1 })
})

test('a tool whose service is not loaded answers a clear MCP error naming the service; bad arguments too', async (t) => {
  // Port 9 (discard) is closed here: a timmy serve someone runs on the default port must not answer.
  const { call } = await connect(t, false, sandbox(t), { TIMMY_BRIDGE_URL: 'http://127.0.0.1:9' })
  for (const [tool, service] of [
    ['run_playbook', 'playbooks'],
    ['lanes', 'playbooks'],
    ['deadman_status', 'deadman'],
    ['flush_continuity', 'deadman'],
    ['triage_preview', 'triage'],
  ] as const) {
    const r = await call(tool, tool === 'run_playbook' ? { playbook: 'x' } : {})
    assert.equal(r.isError, true, tool)
    assert.match(r.text, /^TIMMY_ERR_HERMES_SERVICE_MISSING: /)
    assert.match(r.text, new RegExp(`"${service}"`))
  }
  // The stand-in budget service has status(); the real one is another plugin's: still answers.
  assert.equal((await call('budget_status')).isError, false)
  const down = await call('bridge_status')
  assert.match(down.text, /^TIMMY_ERR_HERMES_BRIDGE_UNREACHABLE: /, 'no timmy serve in this sandbox')
  const bad = await call('run_playbook', { playbook: 42 })
  assert.equal(bad.isError, true)
  assert.match(bad.text, /^TIMMY_ERR_HERMES_TOOL_BAD_ARGS: /)
  const extra = await call('lanes', { surprise: true })
  assert.match(extra.text, /^TIMMY_ERR_HERMES_TOOL_BAD_ARGS: /)
})
