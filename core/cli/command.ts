/** The shape of a CLI command module (`core/cli/commands/<name>.ts` default-exports one). */
import type { ParseArgsConfig } from 'node:util'
import type { LoadedConfig } from '../config/load-config.js'
import type { Paths } from '../config/paths.js'
import type { Host } from '../host.js'

export type Options = NonNullable<ParseArgsConfig['options']>

export interface CliContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
  json: boolean
  debug: boolean
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
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

export interface CliCommand {
  summary: string
  usage: string
  /** Longer explanation shown by `--help`. */
  description?: string
  options?: Options
  positionals?: boolean
  run(ctx: CliContext): Promise<number>
}

export function defineCommand(command: CliCommand): CliCommand {
  return command
}
