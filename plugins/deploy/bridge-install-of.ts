/** The bridge settings of a deploy (what `addBridge` in bridge-overlay.ts installs), from the plugin's options. */
export interface BridgeInstall {
  /** Install the bridge plugin and enable it (default true in the `pluginOptions.deploy.bridge` option). */
  install: boolean
  /** Also register `timmy mcp` as `mcp_servers.timmy` (kept as the author wrote it when present). */
  mcp: boolean
  /** How Hermes starts timmy for MCP. */
  command: string
  failPolicy?: 'open' | 'closed'
  /** `$TIMMY_HOME` and `$HERMES_HOME`, written into settings.json and the MCP server's env. */
  timmyHome: string
  hermesHome: string
  /** The config file deploy ran with (absolute): `timmy mcp --config <it>`, so Hermes' folder does not matter. */
  configFile?: string
}

/** The bridge settings of a deploy, from the `pluginOptions.deploy.bridge` option section and the two homes. */
export function bridgeInstallOf(
  config: { install: boolean; mcp: boolean; command: string; failPolicy?: 'open' | 'closed' | undefined },
  paths: { home: string; hermesHome: string; config?: string | undefined },
): BridgeInstall {
  return {
    install: config.install,
    mcp: config.mcp,
    command: config.command,
    ...(config.failPolicy ? { failPolicy: config.failPolicy } : {}),
    timmyHome: paths.home,
    hermesHome: paths.hermesHome,
    ...(paths.config ? { configFile: paths.config } : {}),
  }
}
