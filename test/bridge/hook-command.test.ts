import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { test } from 'node:test'
import { BIN, runCli, TSX } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { seen, serve } from './_setup.js'

const fixture = (hook: string) =>
  readFileSync(new URL(`./fixtures/shell-${hook}.json`, import.meta.url), 'utf8')
/** The same recorded payload for the session the stand-in budget calls exhausted. */
const broke = (hook: string) => fixture(hook).replace('20260718_142233_a1b2c3', 'broke')

/** What Hermes accepts on stdout (FORMATS.md §3c): nothing, or one JSON object of a known shape. */
function assertAcceptedShape(hook: string, stdout: string): void {
  if (stdout.trim() === '') return
  const reply = JSON.parse(stdout) as Record<string, unknown>
  if (hook === 'pre_tool_call') {
    assert.deepEqual(Object.keys(reply).sort(), ['action', 'message'])
    assert.equal(reply.action, 'block')
    assert.equal(typeof reply.message, 'string')
  } else if (hook === 'pre_llm_call') {
    assert.deepEqual(Object.keys(reply), ['context'])
    assert.equal(typeof reply.context, 'string')
  } else assert.fail(`${hook} must print nothing, printed ${stdout}`)
}

test('timmy hook answers recorded shell-hook payloads in the shapes Hermes accepts, and timmy sees each event', async (t) => {
  const s = await serve(t)
  const run = (input: string) => runCli(['hook'], { cwd: s.box.cwd, env: s.box.env, input })
  const hooks = ['pre_tool_call', 'post_tool_call', 'pre_llm_call', 'on_session_end']
  const ok = await Promise.all(hooks.map((h) => run(fixture(h))))
  for (const [i, r] of ok.entries()) {
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '', `${hooks[i]} within budget prints nothing`)
  }
  const [tool, llm, post] = await Promise.all([
    run(broke('pre_tool_call')),
    run(broke('pre_llm_call')),
    run(broke('post_tool_call')),
  ])
  assert.equal(tool!.code, 0)
  assertAcceptedShape('pre_tool_call', tool!.stdout)
  assert.deepEqual(JSON.parse(tool!.stdout), {
    action: 'block',
    message: 'token budget exhausted (1000 of 1000 tokens)',
  })
  assertAcceptedShape('pre_llm_call', llm!.stdout)
  assert.match(JSON.parse(llm!.stdout).context, /token budget exhausted/)
  assert.equal(post!.stdout, '', 'observers never print')

  const got = await seen(s.url)
  assert.deepEqual(got.seen, { pre_tool_call: 2, post_tool_call: 2, pre_llm_call: 2, on_session_end: 1 })
  const toolEvent = got.events.find((e) => e.hook === 'pre_tool_call')!
  assert.equal(toolEvent.sessionId, '20260718_142233_a1b2c3')
  assert.deepEqual(toolEvent.payload.args, { command: 'npm test' }, 'tool_input arrives as args')
  assert.equal(toolEvent.payload.tool_call_id, 'call_1', 'extra kwargs arrive flattened')
  assert.equal(toolEvent.origin?.source, 'shell')
  assert.equal(toolEvent.origin?.hermesHome, s.box.hermes)
  const llmEvent = got.events.find((e) => e.hook === 'pre_llm_call')!
  assert.equal(llmEvent.payload.conversation_history, undefined, 'conversations are not forwarded')

  // Hermes runs shell hooks without a shell: deploy passes TIMMY_HOME as --home instead of the env.
  const { TIMMY_HOME: _, ...noHome } = s.box.env
  const viaHome = await runCli(['hook', '--home', s.box.home], {
    cwd: s.box.cwd,
    env: noHome,
    input: broke('pre_tool_call'),
  })
  assert.equal(JSON.parse(viaHome.stdout).action, 'block')
})

test('timmy hook survives junk on stdin: no crash, an empty reply, exit 0', async (t) => {
  const box = sandbox(t)
  const junk = [
    '',
    'not json at all',
    '{"hook_event_name": 42}',
    '[1, 2, 3]',
    'null',
    '{"hook_event_name": "pre_tool_call", "extra": "nope", "tool_input": [1]',
    '\u0000\u0001\u0002binary',
    `{"hook_event_name":"${'x'.repeat(5000)}"}`,
  ]
  const results = await Promise.all(
    junk.map((input) =>
      runCli(['hook', '--url', 'http://127.0.0.1:9', '--timeout', '200'], {
        cwd: box.cwd,
        env: box.env,
        input,
      }),
    ),
  )
  for (const [i, r] of results.entries()) {
    assert.equal(r.code, 0, `input #${i}: ${r.stderr}`)
    assert.equal(r.stdout, '', `input #${i}`)
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace')
  }
})

test('timmy hook with timmy down: fail open prints nothing, fail closed blocks the tool call; both exit 0', async (t) => {
  const box = sandbox(t)
  const port = await new Promise<number>((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
  const env = { ...box.env, TIMMY_BRIDGE_URL: `http://127.0.0.1:${port}` }
  const [open, closed, closedObserver] = await Promise.all([
    runCli(['hook'], { cwd: box.cwd, env, input: fixture('pre_tool_call') }),
    runCli(['hook', '--fail', 'closed'], { cwd: box.cwd, env, input: fixture('pre_tool_call') }),
    runCli(['hook', '--fail', 'closed'], { cwd: box.cwd, env, input: fixture('on_session_end') }),
  ])
  assert.equal(open.code, 0)
  assert.equal(open.stdout, '')
  assert.equal(closed.code, 0)
  assertAcceptedShape('pre_tool_call', closed.stdout)
  assert.match(JSON.parse(closed.stdout).message, /timmy serve/)
  assert.equal(closedObserver.stdout, '')
})

test('timmy hook stays light: it loads no config loader, fastify, TypeBox, pino or MCP SDK', async (t) => {
  const box = sandbox(t)
  const trace = `data:text/javascript,${encodeURIComponent(
    `import { register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent("export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\\\n'); return r }"))`,
  )}`
  const child = spawn(
    process.execPath,
    ['--import', TSX, '--import', trace, BIN, 'hook', '--url', 'http://127.0.0.1:9'],
    {
      cwd: box.cwd,
      env: box.env,
    },
  )
  child.stdin.end(fixture('on_session_end'))
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise((r) => child.on('close', r))
  assert.equal(code, 0)
  const loaded = stderr.split('\n').filter((l) => l.startsWith('LOADED '))
  assert.ok(
    loaded.some((l) => l.includes('plugins/bridge/commands/hook.ts')),
    'the trace saw the hook command',
  )
  for (const heavy of [
    'fastify',
    '@sinclair/typebox',
    'cosmiconfig',
    'pino',
    '@modelcontextprotocol',
    'core/host.ts',
  ])
    assert.ok(!loaded.some((l) => l.includes(heavy)), `timmy hook loaded ${heavy}`)
})
