// Issue 16 follow-up: status, doctor and the MCP bridge_status tool still tried http://127.0.0.1:7777.
/**
 * `discoverBridgeUrl` fell back to the default port when no `timmy serve` was found, so `timmy status`,
 * `timmy doctor` and the MCP `bridge_status` tool asked whatever listened on 127.0.0.1:7777 (another
 * user's listener, while timmy is down) and showed its answer. Now there is no default: with no live
 * bridge.json they say that timmy serve is not running, and send nothing. (The test does not listen on
 * 7777 itself: other sessions on this machine may use that port.)
 */
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { PLUGIN_DIR } from '../bridge/_setup.js'
import { BIN, runCli, TSX } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('with no timmy serve, status, doctor and bridge_status say so and never ask port 7777', async (t) => {
  const box = sandbox(t)
  mkdirSync(join(box.hermes, 'plugins'), { recursive: true })
  cpSync(PLUGIN_DIR, join(box.hermes, 'plugins', 'timmy-bridge'), { recursive: true })
  writeFileSync(join(box.hermes, 'config.yaml'), 'plugins:\n  enabled:\n    - timmy-bridge\n')
  const env: NodeJS.ProcessEnv = { ...box.env }
  delete env.TIMMY_BRIDGE_URL

  const doctor = await runCli(['doctor', '--json'], { cwd: box.cwd, env })
  const checks = JSON.parse(doctor.stdout).checks as { name: string; ok: boolean; detail: string }[]
  const server = checks.find((c) => c.name === 'bridge server')
  assert.equal(server?.ok, false, JSON.stringify(server))
  assert.match(server!.detail, /timmy serve is not running/)
  assert.doesNotMatch(server!.detail, /7777/, 'no default port is named, nor asked')

  const status = await runCli(['status'], { cwd: box.cwd, env })
  assert.equal(status.code, 0, status.stderr)
  assert.match(status.stdout, /timmy serve is not running/)

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', TSX, BIN, 'mcp'],
    cwd: box.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: box.env.HOME!, TIMMY_HOME: box.home, HERMES_HOME: box.hermes },
    stderr: 'pipe',
  })
  const client = new Client({ name: 'timmy-test', version: '0.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const r = (await client.callTool({ name: 'bridge_status', arguments: {} })) as {
    isError?: boolean
    content: { text: string }[]
  }
  assert.equal(r.isError, true)
  assert.match(r.content[0]!.text, /^TIMMY_ERR_HERMES_BRIDGE_NOT_RUNNING: timmy serve is not running/)
})
