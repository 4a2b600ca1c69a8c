import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { authHeaders } from '../helpers/bridge-auth.js'
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
  box: Sandbox = sandbox(t),
  extraEnv: Record<string, string> = {},
) {
  writeStandIn(box)
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

/** The real plugins' options (one budget with a lane budget beside it, one watched wizard), minus disabled plugins. */
function configure(box: Sandbox, disabled: string[] = []): void {
  const options: Record<string, unknown> = {
    budget: {
      budgets: [
        { name: 'day', window: 'daily', tokens: 1000 },
        { name: 'reviews', scope: 'lane', match: 'reviewer', tokens: 50 },
      ],
      importHermes: false,
    },
    deadman: { stampDir: box.root, wizards: { ezra: {} } },
  }
  for (const name of disabled) delete options[name]
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: options, disabledPlugins: disabled }),
  )
}

test('an MCP client from the same SDK lists the tools and calls each one over stdio, answered by the real plugins', async (t) => {
  const box = sandbox(t)
  configure(box)
  mkdirSync(join(box.cwd, 'playbooks'), { recursive: true })
  writeFileSync(
    join(box.cwd, 'playbooks', 'hello.yaml'),
    'name: hello\nlane: coder\non: { event: issues.opened }\nsteps:\n  - id: greet\n    use: playbooks/comment\n    with: { body: "Hello #${{ item.issue }}" }\n',
  )
  writeFileSync(
    join(box.cwd, 'playbooks', 'lanes.yaml'),
    'lanes:\n  coder: { wizard: ezra, maxConcurrent: 1, repos: ["o/*"] }\n  reviewer: { wizard: ezra, repos: ["*"] }\n',
  )
  const s = await serve(t, box)
  const post = (body: unknown) => {
    const text = JSON.stringify(body)
    return fetch(`${s.url}/hermes/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(s.box.home, { body: text }) },
      body: text,
    })
  }
  await post({ hook: 'on_session_start', kwargs: { session_id: 'm' } })
  await post({
    hook: 'post_api_request',
    kwargs: { session_id: 'm', api_request_id: 1, usage: { input_tokens: 200, output_tokens: 100 } },
  })
  const { client, call } = await connect(t, s.box)
  const { tools } = await client.listTools()
  assert.deepEqual(tools.map((x) => x.name).sort(), TOOLS)
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object')
    assert.ok(tool.description && tool.description.length > 20)
  }

  const budget = await call('budget_status', { lane: 'coder' })
  assert.equal(budget.isError, false, budget.text)
  const rows = JSON.parse(budget.text) as { name: string; spentTokens: number; capTokens: number }[]
  assert.deepEqual(
    rows.map((r) => r.name),
    ['day'],
    'only the budgets that apply to the coder lane',
  )
  assert.equal(rows[0]!.spentTokens, 300, 'the usage timmy serve took from the bridge, in the shared ledger')
  assert.equal(rows[0]!.capTokens, 1000)
  const all = JSON.parse((await call('budget_status')).text) as { name: string }[]
  assert.deepEqual(all.map((r) => r.name).sort(), ['day', 'reviews'])

  const lanes = await call('lanes')
  assert.equal(lanes.isError, false, lanes.text)
  assert.deepEqual(
    (JSON.parse(lanes.text) as { name: string; wizard: string }[]).map((l) => [l.name, l.wizard]),
    [
      ['coder', 'ezra'],
      ['reviewer', 'ezra'],
    ],
    "the project's lanes.yaml (before timmy's shipped one)",
  )

  const deadman = await call('deadman_status')
  assert.equal(deadman.isError, false, deadman.text)
  assert.deepEqual(
    (JSON.parse(deadman.text) as { wizard: string }[]).map((w) => w.wizard),
    ['ezra'],
  )

  const flushed = await call('flush_continuity')
  assert.equal(flushed.isError, false, flushed.text)
  const file = JSON.parse(flushed.text).file as string
  assert.ok(file.startsWith(join(box.home, 'daily-notes')), file)
  assert.match(readFileSync(file, 'utf8'), /live generation: none/)

  // A dry run of a project playbook through the real playbooks service: the comment is planned, not sent.
  const run = await call('run_playbook', {
    playbook: 'hello',
    event: { event: 'issues.opened', repo: 'o/r', issue: 7, payload: { issue: { number: 7 } } },
  })
  assert.equal(run.isError, false, run.text)
  const report = JSON.parse(run.text) as {
    playbook: string
    outcome: string
    steps: { stepId: string; effects?: { kind: string; body: string }[]; effectStatus?: unknown }[]
  }
  assert.equal(report.playbook, 'hello')
  assert.equal(report.outcome, 'ok')
  const effect = report.steps[0]!.effects![0]!
  assert.deepEqual([effect.kind, effect.body], ['gitea.comment', 'Hello #7'])
  const unknown = await call('run_playbook', { playbook: 'no-such-playbook' })
  assert.equal(unknown.isError, true)
  assert.match(unknown.text, /^TIMMY_ERR_PLAYBOOK_[A-Z_]+: /)

  const bridge = JSON.parse((await call('bridge_status')).text)
  assert.equal(bridge.url, s.url, 'the counters of the running timmy serve')
  assert.deepEqual(bridge.acceptedByHook, { on_session_start: 1, post_api_request: 1 })
})

test('a tool whose service is not loaded answers a clear MCP error naming the service; bad arguments too', async (t) => {
  const box = sandbox(t)
  configure(box, ['playbooks', 'deadman', 'deploy', 'budget'])
  // Port 9 (discard) is closed here: a timmy serve someone runs on the default port must not answer.
  const { call } = await connect(t, box, { TIMMY_BRIDGE_URL: 'http://127.0.0.1:9' })
  for (const [tool, service] of [
    ['run_playbook', 'playbooks'],
    ['lanes', 'playbooks'],
    ['budget_status', 'budget'],
    ['deadman_status', 'deadman'],
    ['flush_continuity', 'deploy'],
  ] as const) {
    const r = await call(tool, tool === 'run_playbook' ? { playbook: 'x' } : {})
    assert.equal(r.isError, true, tool)
    assert.match(r.text, /^TIMMY_ERR_HERMES_SERVICE_MISSING: /)
    assert.match(r.text, new RegExp(`"${service}"`))
  }
  // The real triage plugin, with no Gitea configured: a clear coded error, nothing changed.
  const triage = await call('triage_preview', { repo: 'o/r' })
  assert.equal(triage.isError, true)
  assert.match(triage.text, /^TIMMY_ERR_(GITEA_NO_URL|TRIAGE_NO_SOURCE): /, triage.text)
  const down = await call('bridge_status')
  assert.match(down.text, /^TIMMY_ERR_HERMES_BRIDGE_UNREACHABLE: /, 'no timmy serve in this sandbox')
  const bad = await call('run_playbook', { playbook: 42 })
  assert.equal(bad.isError, true)
  assert.match(bad.text, /^TIMMY_ERR_HERMES_TOOL_BAD_ARGS: /)
  const extra = await call('lanes', { surprise: true })
  assert.match(extra.text, /^TIMMY_ERR_HERMES_TOOL_BAD_ARGS: /)
})
