/**
 * What `timmy deploy` writes into `$HERMES_HOME` for the bridge, as data (deploy owns the writing):
 * the plugin folder to copy, its `settings.json`, the `plugins.enabled` entry, the shell-hook
 * alternative (`hooks:` entries running `timmy hook`) and the `mcp_servers.timmy` entry.
 * Shapes from FORMATS.md §3a (plugins), §3c (shell hooks), §3e (MCP servers).
 */
import { join } from 'node:path'
import { packageRoot } from '../../core/package-root.js'
import { BRIDGE_PLUGIN_NAME } from './bridge-doctor.js'

/** The folder to copy to `$HERMES_HOME/plugins/timmy-bridge/` (plugin.yaml + __init__.py). */
export function bridgePluginSource(): string {
  return join(packageRoot(), 'config', 'hermes-plugins', BRIDGE_PLUGIN_NAME)
}

export interface BridgeSettings {
  /** timmy's home, so the plugin finds `bridge.json` even when Hermes' env has no TIMMY_HOME. */
  timmyHome: string
  failPolicy?: 'open' | 'closed'
  timeoutMs?: number
  /** Force HTTP to this URL instead of the socket named in `bridge.json`. */
  url?: string
}

/** The plugin's `settings.json` (read beside its `__init__.py`; the environment still wins). */
export function bridgeSettingsJson(s: BridgeSettings): string {
  const doc: Record<string, unknown> = { timmy_home: s.timmyHome }
  if (s.failPolicy) doc.fail_policy = s.failPolicy
  if (s.timeoutMs) doc.timeout_ms = s.timeoutMs
  if (s.url) doc.url = s.url
  return `${JSON.stringify(doc, null, 2)}\n`
}

/** The hooks the shell-hook alternative registers (the ones whose events timmy uses). */
export const SHELL_HOOK_EVENTS = [
  'pre_tool_call',
  'post_tool_call',
  'pre_llm_call',
  'post_llm_call',
  'post_api_request',
  'on_session_start',
  'on_session_end',
  'subagent_stop',
] as const

/**
 * `hooks:` for config.yaml: one `timmy hook` command per event. Hermes splits the command with shlex
 * and runs it without a shell, so the home goes in as `--home`. Each (event, command) pair needs
 * consent: list them in `shell-hooks-allowlist.json`, or set `hooks_auto_accept: true`.
 */
export function bridgeShellHooks(options: {
  timmyCommand: string
  timmyHome?: string
  failPolicy?: 'open' | 'closed'
  timeoutSeconds?: number
}): Record<string, { command: string; timeout: number }[]> {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`)
  const parts = [quote(options.timmyCommand), 'hook']
  if (options.timmyHome) parts.push('--home', quote(options.timmyHome))
  if (options.failPolicy === 'closed') parts.push('--fail', 'closed')
  const command = parts.join(' ')
  const timeout = Math.min(300, Math.max(1, options.timeoutSeconds ?? 5))
  return Object.fromEntries(SHELL_HOOK_EVENTS.map((event) => [event, [{ command, timeout }]]))
}

/** `shell-hooks-allowlist.json` approvals for those hooks (Hermes matches the exact command string). */
export function bridgeShellHookApprovals(hooks: Record<string, { command: string }[]>): {
  approvals: { event: string; command: string }[]
} {
  return {
    approvals: Object.entries(hooks).flatMap(([event, entries]) =>
      entries.map((e) => ({ event, command: e.command })),
    ),
  }
}

/**
 * `mcp_servers.timmy`: stdio, with the homes passed explicitly (Hermes filters the environment) and the
 * config file pinned with an absolute `--config` (Hermes starts it in its own folder, and an entry has
 * no `cwd`: FORMATS.md §3e).
 */
export function bridgeMcpServer(options: {
  timmyCommand: string
  /** Args before `mcp` (e.g. timmy's entry script when the command is node). */
  timmyArgs?: string[]
  timmyHome: string
  hermesHome: string
  configFile?: string
}): {
  command: string
  args: string[]
  env: Record<string, string>
  enabled: boolean
} {
  return {
    command: options.timmyCommand,
    args: [
      ...(options.timmyArgs ?? []),
      'mcp',
      ...(options.configFile ? ['--config', options.configFile] : []),
    ],
    env: { TIMMY_HOME: options.timmyHome, HERMES_HOME: options.hermesHome },
    enabled: true,
  }
}
