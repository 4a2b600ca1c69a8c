/**
 * The public API for plugin and config authors: `import { definePlugin, defineConfig, Type } from '@timmy-fleet/timmy'`.
 * `Type` is TypeBox's, the one timmy checks options with, so a plugin needs no TypeBox of its own.
 */
export type { Static, TSchema } from '@sinclair/typebox'
export { Type } from '@sinclair/typebox'
/** Retrying an HTTP call: capped exponential backoff with jitter (Gitea's client, training's eval). */
export { backoffDelay } from './backoff.js'
export type { CliCommand, CliContext } from './cli/command.js'
export { defineCommand, hostCommand } from './cli/command.js'
export type { CommandSpec, OptionSpec, OptionSpecs, SubcommandSpec } from './cli/command-spec.js'
/** A table for the terminal (training's summary). */
export { formatTable } from './cli/format-table.js'
/** YAML with positions and its schema check (file:line:col): plugins' and training's input files. */
export { checkSchema } from './config/check-schema.js'
/** TypeBox's builder, for options, step inputs and outputs (the same copy timmy checks them with). */
export type { TimmyConfig, TimmyUserConfig } from './config/schema.js'
export { defineConfig } from './config/schema.js'
export type { YamlSource } from './config/yaml-source.js'
export { loadYamlFile } from './config/yaml-source.js'
export type { StepFunction, StepInput } from './define-step.js'
export { defineStep } from './define-step.js'
export type { ErrorExtra, Factories, SourceLoc } from './errors.js'
export { defineErrors, E, isTimmyError, reasonOf, TimmyError } from './errors.js'
export type * from './hooks.js'
export { STAGE } from './hooks.js'
/** The installed package's root (shipped suites, recipes). */
export { ownModule, packageRoot } from './package-root.js'
export type {
  CommandContext,
  EffectHandler,
  FileValidator,
  Plugin,
  PluginCommand,
  PluginDefinition,
  PluginHost,
  PluginTask,
} from './plugin.js'
export { definePlugin } from './plugin.js'
/** `Retry-After` (delay-seconds or an HTTP-date) → milliseconds. */
export { parseRetryAfter } from './retry-after.js'
/** A module's migrations and the store they run in (training's eval tables). */
export type { Migration, Store } from './store/store.js'
// A built-in plugin's service types come with the plugin: `import type { QueueService } from
// '@timmy-fleet/timmy/plugins/queue/types.js'` (importing a plugin's types.ts also types host.use('queue')).
