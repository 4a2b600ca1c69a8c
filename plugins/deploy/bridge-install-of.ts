/** The bridge settings of a deploy (what `addBridge` in bridge-overlay.ts installs), from the plugin's options. */
import { resolveTimmyCommand } from './resolve-timmy-command.js'

export interface BridgeInstall {
  /** Install the bridge plugin and enable it (default true in the `pluginOptions.deploy.bridge` option). */
  install: boolean
  /** Also register `timmy mcp` as `mcp_servers.timmy` (kept as the author wrote it when present). */
  mcp: boolean
  /** How Hermes starts timmy for MCP: the option, else resolved (resolve-timmy-command.ts). */
  command: string
  /** Args before `mcp` (node's loader and timmy's entry script when `command` is node). */
  commandArgs: string[]
  failPolicy?: 'open' | 'closed'
  /** `$TIMMY_HOME` and `$HERMES_HOME`, written into settings.json and the MCP server's env. */
  timmyHome: string
  hermesHome: string
  /** The config file deploy ran with (absolute): `timmy mcp --config <it>`, so Hermes' folder does not matter. */
  configFile?: string
}

/** The bridge settings of a deploy, from the `pluginOptions.deploy.bridge` option section and the two homes. */
export function bridgeInstallOf(
  config: {
    install: boolean
    mcp: boolean
    command?: string | undefined
    failPolicy?: 'open' | 'closed' | undefined
  },
  paths: { home: string; hermesHome: string; config?: string | undefined },
): BridgeInstall {
  const run = config.command ? { command: config.command, args: [] } : resolveTimmyCommand()
  return {
    install: config.install,
    mcp: config.mcp,
    command: run.command,
    commandArgs: run.args,
    ...(config.failPolicy ? { failPolicy: config.failPolicy } : {}),
    timmyHome: paths.home,
    hermesHome: paths.hermesHome,
    ...(paths.config ? { configFile: paths.config } : {}),
  }
}
