import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  bridgeMcpServer,
  bridgePluginSource,
  bridgeSettingsJson,
  bridgeShellHookApprovals,
  bridgeShellHooks,
} from '../../plugins/bridge/bridge-install.js'

test('deploy gets the plugin folder, its settings, the shell-hook alternative with consent, and the MCP entry', () => {
  const src = bridgePluginSource()
  assert.ok(existsSync(join(src, 'plugin.yaml')) && existsSync(join(src, '__init__.py')))
  assert.deepEqual(JSON.parse(bridgeSettingsJson({ timmyHome: '/h/.timmy', failPolicy: 'closed' })), {
    timmy_home: '/h/.timmy',
    fail_policy: 'closed',
  })
  const hooks = bridgeShellHooks({ timmyCommand: '/opt/timmy/bin/timmy', timmyHome: '/home/a b/.timmy' })
  assert.deepEqual(hooks.pre_tool_call, [
    { command: "/opt/timmy/bin/timmy hook --home '/home/a b/.timmy'", timeout: 5 },
  ])
  assert.ok(hooks.on_session_end && hooks.post_api_request)
  const allow = bridgeShellHookApprovals(hooks)
  assert.equal(allow.approvals.length, Object.keys(hooks).length)
  assert.deepEqual(allow.approvals[0], { event: 'pre_tool_call', command: hooks.pre_tool_call![0]!.command })
  assert.deepEqual(bridgeMcpServer({ timmyCommand: 'timmy', timmyHome: '/t', hermesHome: '/h' }), {
    command: 'timmy',
    args: ['mcp'],
    env: { TIMMY_HOME: '/t', HERMES_HOME: '/h' },
    enabled: true,
  })
  assert.deepEqual(
    bridgeMcpServer({
      timmyCommand: 'timmy',
      timmyHome: '/t',
      hermesHome: '/h',
      configFile: '/p/timmy.config.ts',
    }).args,
    ['mcp', '--config', '/p/timmy.config.ts'],
  )
})
