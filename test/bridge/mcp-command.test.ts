// Trial finding: deploy wrote `mcp_servers.timmy.command: timmy` though no `timmy` was on PATH.
/**
 * Without `pluginOptions.deploy.bridge.command`, deploy writes the command Hermes can run: `timmy` when
 * it resolves on PATH to this same install, else the absolute node binary with the absolute path of
 * timmy's entry script (and, in a source checkout, tsx's loader) as args. The entry is then spawned
 * exactly as written, with PATH lacking timmy, and must answer over MCP.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { parse } from 'yaml'
import { baseOverlay } from '../deploy/_overlay.js'
import { BIN, runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

type Entry = { command: string; args: string[]; env: Record<string, string> }

async function deployWith(box: Sandbox, path: string): Promise<Entry> {
  baseOverlay(box.cwd)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        policy: {
          allowedBaseUrls: ['https://openrouter.ai/api/v1', 'https://inference-api.nousresearch.com/v1'],
        },
      },
    }),
  )
  const deployed = await runCli(['deploy'], { cwd: box.cwd, env: { ...box.env, PATH: path } })
  assert.equal(deployed.code, 0, deployed.stderr)
  const config = parse(readFileSync(join(box.hermes, 'config.yaml'), 'utf8')) as {
    mcp_servers: { timmy: Entry }
  }
  return config.mcp_servers.timmy
}

/** PATH without any folder holding a `timmy`. */
function pathWithoutTimmy(box: Sandbox): string {
  const bin = join(box.root, 'bin')
  mkdirSync(bin, { recursive: true })
  return [bin, '/usr/bin', '/bin'].join(delimiter)
}

test('with no timmy on PATH, mcp_servers.timmy runs node with the absolute entry script, and answers', async (t) => {
  const box = sandbox(t)
  const path = pathWithoutTimmy(box)
  const entry = await deployWith(box, path)
  assert.notEqual(entry.command, 'timmy')
  assert.equal(entry.command, process.execPath)
  assert.ok(entry.args.includes(BIN), `the entry script by absolute path: ${JSON.stringify(entry.args)}`)
  assert.ok(entry.args.every((a) => !a.endsWith('.ts') || isAbsolute(a)))
  assert.deepEqual(entry.args.slice(-3), ['mcp', '--config', join(box.cwd, 'timmy.config.json')])

  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    cwd: box.hermes,
    env: { PATH: path, HOME: box.env.HOME!, ...entry.env },
    stderr: 'pipe',
  })
  const client = new Client({ name: 'hermes-stand-in', version: '0.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const { tools } = await client.listTools()
  assert.ok(tools.some((tool) => tool.name === 'budget_status'))
})

test('with timmy on PATH resolving to this same install, mcp_servers.timmy runs `timmy`', async (t) => {
  const box = sandbox(t)
  const path = pathWithoutTimmy(box)
  symlinkSync(BIN, join(box.root, 'bin', 'timmy'))
  const entry = await deployWith(box, path)
  assert.equal(entry.command, 'timmy')
  assert.deepEqual(entry.args, ['mcp', '--config', join(box.cwd, 'timmy.config.json')])
})
