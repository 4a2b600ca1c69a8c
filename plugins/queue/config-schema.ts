/** The queue plugin's options (`pluginOptions.queue` in the config): the durable queue and scheduler. Defaults live in the schema. */
import { type Static, Type as T } from '@sinclair/typebox'

const Strict = { additionalProperties: false } as const

export const CatchUpSchema = T.Union([T.Literal('skip'), T.Literal('latest'), T.Literal('all')], {
  description:
    'Scheduled instants missed while no scheduler ran: skip them, run the latest once, or run all.',
})

export const PeriodicSchema = T.Object(
  {
    name: T.Optional(T.String({ minLength: 1, description: 'Schedule name (default: the task name).' })),
    task: T.String({ minLength: 1, description: 'The task to enqueue (defined by a plugin or in code).' }),
    cron: T.String({
      pattern: '^\\s*\\S+(\\s+\\S+){4,5}\\s*$',
      description: 'Cron expression, 5 or 6 fields (seconds first), e.g. "*/5 * * * *".',
    }),
    timezone: T.Optional(T.String({ description: 'IANA time zone of the cron expression (default UTC).' })),
    catchUp: T.Optional(CatchUpSchema),
    args: T.Optional(T.Unknown({ description: 'Arguments passed to the task (plain JSON).' })),
    priority: T.Optional(T.Integer()),
  },
  Strict,
)

export const QueueConfigSchema = T.Object(
  {
    concurrency: T.Integer({
      minimum: 0,
      default: 4,
      description: 'Jobs a worker process runs at once (`timmy serve` and `timmy worker`; 0 = no worker).',
    }),
    scheduler: T.Boolean({ default: true, description: '`timmy serve` runs the periodic scheduler.' }),
    pollIntervalMs: T.Integer({
      minimum: 10,
      default: 250,
      description: 'How often an idle worker looks for jobs enqueued by other processes.',
    }),
    leaseMs: T.Integer({
      minimum: 100,
      default: 30_000,
      description: 'A claim lasts this long; a live worker renews it at a third of that.',
    }),
    graceMs: T.Integer({
      minimum: 0,
      default: 10_000,
      description: 'On shutdown, how long running jobs may finish before they are released.',
    }),
    timeoutMs: T.Integer({ minimum: 1, default: 180_000, description: 'Default per-job timeout.' }),
    retries: T.Integer({ minimum: 0, default: 3, description: 'Default retries after a failure.' }),
    retryDelayMs: T.Integer({
      minimum: 0,
      default: 1000,
      description: 'First retry delay; doubles per attempt, with jitter, up to maxRetryDelayMs.',
    }),
    maxRetryDelayMs: T.Integer({ minimum: 0, default: 3_600_000 }),
    resultTtlMs: T.Integer({
      minimum: 0,
      default: 86_400_000,
      description: 'Finished jobs (and their results) are kept this long, then pruned.',
    }),
    catchUp: T.Union([T.Literal('skip'), T.Literal('latest'), T.Literal('all')], {
      default: 'latest',
      description: 'Default catch-up policy of periodic tasks.',
    }),
    catchUpGraceMs: T.Integer({
      minimum: 0,
      default: 60_000,
      description: 'A scheduled instant this late is still on time (not "missed").',
    }),
    maxCatchUp: T.Integer({
      minimum: 1,
      default: 1000,
      description: 'Most instants `all` enqueues at once.',
    }),
    periodic: T.Array(PeriodicSchema, { default: [], description: 'Periodic tasks declared in config.' }),
  },
  { ...Strict, default: {} },
)

export type QueueConfig = Static<typeof QueueConfigSchema>
export type PeriodicConfig = Static<typeof PeriodicSchema>
