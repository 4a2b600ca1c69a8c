/**
 * The public API for plugin and config authors:
 * `import { definePlugin, defineConfig, Type } from '@timmy-fleet/timmy'`. `Type` is TypeBox's, the one
 * timmy checks options with (a plugin's `options` schema), so a plugin needs no TypeBox of its own.
 */
export type { Static, TSchema } from '@sinclair/typebox'
export { Type } from '@sinclair/typebox'
export type { StepFunction, StepInput } from '../plugins/playbooks/define-step.js'
export { defineStep } from '../plugins/playbooks/define-step.js'
export type { QueueService, StartOptions } from '../plugins/queue/host-queue.js'
export type {
  EnqueueOptions,
  Job,
  JobContext,
  JobId,
  JobResult,
  JobState,
  Queue,
  QueueStats,
  TaskDefaults,
  TaskHandler,
} from '../plugins/queue/queue-types.js'
export type { CommandSpec, OptionSpec, OptionSpecs, SubcommandSpec } from './cli/command-spec.js'
/** TypeBox's builder, for options, step inputs and outputs (the same copy timmy checks them with). */
export type { TimmyConfig, TimmyUserConfig } from './config/schema.js'
export { defineConfig } from './config/schema.js'
export { E, isTimmyError, TimmyError } from './errors.js'
export type * from './hooks.js'
export { STAGE } from './hooks.js'
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
