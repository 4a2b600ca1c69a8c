/** The built-in commands, loaded lazily (`timmy --version` and `--help` import none of them). */
import type { CliCommand } from './command.js'

type Lazy = { summary: string; load: () => Promise<{ default: CliCommand }> }

export const commands: Record<string, Lazy> = {
  serve: {
    summary: 'Run timmy: store, scheduler, workers and the loopback HTTP server',
    load: () => import('./commands/serve.js'),
  },
  plugins: {
    summary: 'List loaded plugins: version, source, hooks, steps, tasks',
    load: () => import('./commands/plugins.js'),
  },
  validate: {
    summary: 'Validate the config and every YAML under playbooks/, skins/, config/',
    load: () => import('./commands/validate.js'),
  },
  // ── queue (core/queue): tasks, worker ──

  // ── playbooks (core/playbook): run-playbook, test-playbooks ──

  // ── deploy (core/deploy): deploy, rollback, generations, freshness ──

  // ── triage/dispatch: orchestrate, dispatch ──

  // ── hermes bridge: hook, mcp ──
  hook: {
    summary: 'Shell-hook bridge: Hermes hook JSON on stdin → timmy serve → reply on stdout',
    load: () => import('./commands/hook.js'),
  },
  mcp: {
    summary: "MCP server on stdio: timmy's tools (playbooks, budget, lanes, deadman) for Hermes",
    load: () => import('./commands/mcp.js'),
  },

  // ── training: train ──

  doctor: {
    summary: 'Check Node, paths, permissions and the store',
    load: () => import('./commands/doctor.js'),
  },
}
