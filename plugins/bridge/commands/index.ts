/** The `bridge` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  hook: {
    summary: 'Shell-hook bridge: Hermes hook JSON on stdin → timmy serve → reply on stdout',
    load: () => import('./hook.js'),
  },
  mcp: {
    summary: "MCP server on stdio: timmy's tools (playbooks, budget, lanes, deadman) for Hermes",
    load: () => import('./mcp.js'),
  },
}
