/**
 * The MCP server deploy registers in Hermes' config.yaml (`mcp_servers.timmy`) runs with timmy's
 * config, wherever Hermes starts it: the test runs `timmy deploy`, then spawns exactly the command,
 * args and env written there, from Hermes' folder, with Hermes' filtered environment (FORMATS.md §3e).
 */
import assert from 'node:assert/strict'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { parse } from 'yaml'
import type { BudgetStatus } from '../../plugins/budget/report.js'
import { baseOverlay } from '../deploy/_overlay.js'
import { BIN, runCli, TSX } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('the deployed mcp_servers.timmy entry answers budget_status with the configured budgets from any folder', async (t) => {
  const box = sandbox(t)
  baseOverlay(box.cwd)
  // How Hermes starts timmy: an executable (here a wrapper that runs the CLI through tsx).
  const timmy = join(box.root, 'timmy')
  writeFileSync(timmy, `#!/bin/sh\nexec "${process.execPath}" --import "${TSX}" "${BIN}" "$@"\n`)
  chmodSync(timmy, 0o755)
  const budgets = [
    { name: 'day', window: 'daily', tokens: 1000 },
    { name: 'reviews', scope: 'lane', match: 'reviewer', tokens: 50 },
  ]
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({
      pluginOptions: {
        deploy: { bridge: { command: timmy } },
        budget: { budgets, importHermes: false },
        // the operator's policy allows what the shipped overlay's policy.yaml names
        policy: {
          allowedBaseUrls: ['https://openrouter.ai/api/v1', 'https://inference-api.nousresearch.com/v1'],
        },
      },
    }),
  )
  const deployed = await runCli(['deploy'], { cwd: box.cwd, env: box.env })
  assert.equal(deployed.code, 0, deployed.stderr)

  const config = parse(readFileSync(join(box.hermes, 'config.yaml'), 'utf8')) as {
    mcp_servers: { timmy: { command: string; args: string[]; env: Record<string, string> } }
  }
  const entry = config.mcp_servers.timmy
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args,
    cwd: box.hermes, // Hermes' working folder, not the project
    env: { PATH: process.env.PATH ?? '', HOME: box.env.HOME!, ...entry.env },
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (d) => (stderr += d))
  const client = new Client({ name: 'hermes-stand-in', version: '0.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const r = (await client.callTool({ name: 'budget_status', arguments: {} })) as {
    isError?: boolean
    content: { text: string }[]
  }
  assert.equal(r.isError, undefined, `${r.content[0]?.text}\n${stderr}`)
  const status = JSON.parse(r.content[0]!.text) as BudgetStatus[]
  // the configured budgets (lane shares of `day` from lanes.yaml are derived as `day:<lane>`)
  assert.deepEqual(
    status
      .filter((b) => !b.name.includes(':'))
      .map((b) => [b.name, b.capTokens])
      .sort(),
    [
      ['day', 1000],
      ['reviews', 50],
    ],
  )
  assert.ok(
    status.some((b) => b.name === 'day:coder'),
    'lane shares apply to the configured global budget',
  )
  assert.deepEqual(entry.args.slice(-2), ['--config', join(box.cwd, 'timmy.config.json')])
})
