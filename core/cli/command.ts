/** The shape of a CLI command module (`core/cli/commands/<name>.ts` default-exports one). */
import type { LoadedConfig } from '../config/load-config.js'
import type { Paths } from '../config/paths.js'
import type { Host } from '../host.js'
import type { PluginCommand } from '../plugin.js'
import type { CommandSpec, OptionSpecs } from './command-spec.js'
import { pluginSpec } from './plugin-spec.js'

export type { CommandSpec, OptionSpec, OptionSpecs, SubcommandSpec } from './command-spec.js'
/** @deprecated the name before options carried descriptions; use OptionSpecs. */
export type Options = OptionSpecs

export interface CliContext {
  /** Flags by their long name (`dry-run`, not `dryRun`); global ones (`json`, `config`) included. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  /** Arguments; for a command with subcommands the first is the subcommand's name. */
  positionals: string[]
  json: boolean
  debug: boolean
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  /** The command's own arguments as typed (global flags removed), for a command that parses its own. */
  argv: string[]
  /** Load and validate the config (no plugins). */
  config(): Promise<LoadedConfig>
  /**
   * Load the config and boot the host with every plugin (discover → validate → apply → freeze).
   * `paths` replaces some of the resolved paths (test-playbooks runs on a throwaway store).
   */
  host(options?: { logLevel?: string; paths?: Partial<Paths> }): Promise<Host>
  print(text: string): void
  printJson(value: unknown): void
}

export interface CliCommand extends CommandSpec {
  run(ctx: CliContext): Promise<number>
}

export function defineCommand(command: CliCommand): CliCommand {
  return command
}

/**
 * A command that works on the booted host (most plugin commands): declared like a PluginCommand, its
 * `run` gets the host, booted only when the command runs (never for `--help`). One declaring neither
 * options nor subcommands gets every argument as typed (`ctx.argv`).
 */
export function hostCommand(plugin: string, command: PluginCommand): CliCommand {
  const passThrough = !command.options && !command.subcommands
  return {
    ...pluginSpec(command, plugin),
    ...(passThrough ? { passThrough } : {}),
    async run(ctx) {
      const host = await ctx.host({ logLevel: 'warn' })
      const { argv, values, positionals, json, stdout, stderr } = ctx
      return (await command.run({ argv, values, positionals, host, json, stdout, stderr })) ?? 0
    },
  }
}
