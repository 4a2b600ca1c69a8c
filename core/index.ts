/** The public API for plugin and config authors: `import { definePlugin, defineConfig } from 'timmy'`. */

/** TypeBox's builder, for options, step inputs and outputs (the same copy timmy checks them with). */
export { Type } from '@sinclair/typebox'
export type { TimmyConfig, TimmyUserConfig } from './config/schema.js'
export { defineConfig } from './config/schema.js'
export { E, isTimmyError, TimmyError } from './errors.js'
export type * from './hooks.js'
export { STAGE } from './hooks.js'
export type { StepFunction, StepInput } from './playbook/define-step.js'
export { defineStep } from './playbook/define-step.js'
export type { EffectHandler, FileValidator, Plugin, PluginCommand, PluginHost, PluginTask } from './plugin.js'
export { definePlugin } from './plugin.js'
export type { QueueService, StartOptions } from './queue/host-queue.js'
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
} from './queue/types.js'
