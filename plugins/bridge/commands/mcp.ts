/**
 * `timmy mcp`: an MCP server on stdio (official TypeScript SDK, imported only here) exposing timmy's
 * tools to Hermes. Boots the host (so plugins provide their services), answers until stdin closes.
 * stdout carries only MCP messages; logs go to stderr.
 */

import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: "MCP server on stdio: timmy's tools (playbooks, budget, lanes, deadman) for Hermes",
  description:
    'Speaks the Model Context Protocol on stdin/stdout. Tools: run_playbook (a project playbook by name,\n' +
    'never a path; dry run unless apply=true),\n' +
    'budget_status, lanes, deadman_status, flush_continuity, triage_preview, bridge_status. A tool whose\n' +
    'service is not loaded answers an error naming the plugin to enable. In $HERMES_HOME/config.yaml:\n' +
    '  mcp_servers:\n' +
    '    timmy:\n' +
    '      command: timmy\n' +
    '      args: [mcp, --config, /home/you/fleet/timmy.config.ts]\n' +
    '      env: {TIMMY_HOME: /home/you/.timmy, HERMES_HOME: /home/you/.hermes}\n' +
    'Hermes starts stdio servers in its own folder with a filtered environment: pass TIMMY_HOME and\n' +
    'HERMES_HOME in env and the config with an absolute --config (timmy deploy writes this entry).',
  async run(ctx) {
    const { reasonOf, TimmyError } = await import('../../../core/errors.js')
    const { timmyVersion } = await import('../../../core/version.js')
    const { callTool, listTools } = await import('../mcp-tools.js')
    const host = await ctx.host({ logLevel: 'warn' })
    const [{ Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] =
      await Promise.all([
        import('@modelcontextprotocol/sdk/server/index.js'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
        import('@modelcontextprotocol/sdk/types.js'),
      ])
    const server = new Server({ name: 'timmy', version: timmyVersion() }, { capabilities: { tools: {} } })
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listTools() }))
    server.setRequestHandler(CallToolRequestSchema, async (req) => {
      try {
        const result = await callTool(req.params.name, req.params.arguments, (n) => host.service(n))
        const text = typeof result === 'string' ? result : JSON.stringify(result ?? null, null, 2)
        return { content: [{ type: 'text' as const, text }] }
      } catch (err) {
        const code = err instanceof TimmyError ? err.code : 'TIMMY_ERR_CLI_INTERNAL'
        const message = err instanceof TimmyError ? err.bare : reasonOf(err)
        host.log.warn({ tool: req.params.name, code }, message)
        return {
          isError: true,
          content: [{ type: 'text' as const, text: `${code}: ${message}` }],
          _meta: { code },
        }
      }
    })
    const transport = new StdioServerTransport()
    const closed = new Promise<string>((resolve) => {
      transport.onclose = () => resolve('stdin closed')
      process.stdin.once('end', () => resolve('stdin ended'))
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
    await server.connect(transport)
    const why = await closed
    host.log.info({ why }, 'timmy mcp stopping')
    await server.close().catch(() => {})
    return 0
  },
})
