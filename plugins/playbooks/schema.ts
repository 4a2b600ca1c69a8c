/** TypeBox schemas of playbooks (`playbooks/<name>.yaml`) and lanes (`playbooks/lanes.yaml`). */
import { type Static, Type as T } from '@sinclair/typebox'

const Strict = { additionalProperties: false } as const

export const DurationSchema = T.Union(
  [
    T.Integer({ minimum: 1, description: 'milliseconds' }),
    T.String({ pattern: '^[0-9]+(ms|s|m|h)$', description: 'e.g. 500ms, 30s, 5m, 1h' }),
  ],
  { description: 'a duration: milliseconds or e.g. 30s, 5m' },
)

export const EstimateSchema = T.Object(
  { tokens: T.Optional(T.Integer({ minimum: 0 })), cost: T.Optional(T.Number({ minimum: 0 })) },
  Strict,
)

export const StepSchema = T.Object(
  {
    id: T.Optional(
      T.String({ pattern: '^[a-z][a-z0-9_-]*$', description: 'a step id: lowercase, digits, - or _' }),
    ),
    use: T.String({
      pattern: '^[a-z0-9][a-z0-9._-]*/[A-Za-z_$][A-Za-z0-9_$]*$',
      description: '<plugin>/<step>',
    }),
    with: T.Optional(T.Record(T.String(), T.Unknown(), { description: 'the step parameters' })),
    if: T.Optional(T.String({ minLength: 1, description: 'an expression on earlier outputs' })),
    timeout: T.Optional(DurationSchema),
    estimate: T.Optional(EstimateSchema),
  },
  Strict,
)

export const EventTriggerSchema = T.Object(
  {
    event: T.Union([T.String({ minLength: 1 }), T.Array(T.String({ minLength: 1 }), { minItems: 1 })], {
      description: 'an event name such as issues.opened, or a list of them',
    }),
    labels: T.Optional(
      T.Array(T.String(), { description: 'run only when the issue has one of these labels' }),
    ),
    repos: T.Optional(T.Array(T.String(), { description: 'owner/repo patterns (* wildcards)' })),
  },
  Strict,
)

export const ScheduleTriggerSchema = T.Object(
  {
    schedule: T.String({ minLength: 1, description: 'a cron expression' }),
    timezone: T.Optional(T.String()),
  },
  Strict,
)

export const TriggerSchema = T.Union([T.Literal('manual'), EventTriggerSchema, ScheduleTriggerSchema], {
  description: '"manual", { event, labels? } or { schedule }',
})

export const PlaybookSchema = T.Object(
  {
    name: T.String({ pattern: '^[a-z0-9][a-z0-9-]*$', description: 'lowercase letters, digits and -' }),
    description: T.Optional(T.String()),
    lane: T.String({ minLength: 1 }),
    on: TriggerSchema,
    budget: T.Optional(EstimateSchema),
    steps: T.Array(StepSchema, { minItems: 1 }),
  },
  Strict,
)

export const LaneSchema = T.Object(
  {
    wizard: T.String({ minLength: 1, description: 'the agent that works this lane' }),
    description: T.Optional(T.String()),
    model: T.Optional(T.String({ minLength: 1, description: 'model override for this lane' })),
    provider: T.Optional(T.String({ minLength: 1, description: 'provider override for this lane' })),
    toolsets: T.Array(T.String(), { default: [] }),
    maxConcurrent: T.Integer({ minimum: 1, default: 1 }),
    repos: T.Array(T.String({ minLength: 1 }), {
      default: ['*'],
      description: 'owner/repo patterns (* wildcards)',
    }),
    budgetShare: T.Number({ minimum: 0, maximum: 1, default: 0 }),
  },
  Strict,
)

export const LanesFileSchema = T.Object({ lanes: T.Record(T.String(), LaneSchema) }, Strict)

export type PlaybookDoc = Static<typeof PlaybookSchema>
export type StepDoc = Static<typeof StepSchema>
export type Trigger = Static<typeof TriggerSchema>
export type Lane = Static<typeof LaneSchema> & { name: string }
