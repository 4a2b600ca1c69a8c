/** The budget plugin's options (`pluginOptions.budget` in the config). TypeBox: types and defaults live here. */
import { type Static, Type as T } from '@sinclair/typebox'

export const BudgetEntrySchema = T.Object(
  {
    name: T.String({ minLength: 1, description: 'Unique name, used by `timmy budget status|reset`.' }),
    scope: T.Union([T.Literal('global'), T.Literal('pipeline'), T.Literal('lane')], {
      default: 'global',
      description:
        'global: every step; pipeline: steps of playbooks named `match`; lane: steps in lane `match`.',
    }),
    match: T.Optional(
      T.String({ description: 'Playbook or lane name (`*` wildcards) for pipeline/lane scopes.' }),
    ),
    window: T.String({
      default: 'daily',
      description: 'hourly | daily | weekly | monthly (calendar windows).',
    }),
    timezone: T.Optional(
      T.String({ description: 'IANA time zone of the window; default the plugin `timezone`.' }),
    ),
    tokens: T.Optional(T.Number({ description: 'Hard cap in tokens (input + cache + output) per window.' })),
    cost: T.Optional(T.Number({ description: 'Hard cap in USD per window.' })),
    soft: T.Number({
      default: 0.8,
      description: 'Soft threshold as a fraction of the cap: warns once per window.',
    }),
  },
  { additionalProperties: false },
)

export const BudgetOptionsSchema = T.Object(
  {
    timezone: T.String({ default: 'UTC', description: 'Default time zone of budget windows.' }),
    weekStartsOn: T.Integer({ minimum: 0, maximum: 6, default: 1, description: '0 = Sunday, 1 = Monday.' }),
    budgets: T.Array(BudgetEntrySchema, { default: [] }),
    exempt: T.Array(T.String(), {
      default: ['ollama/*', 'local/*', 'lmstudio/*', 'llamacpp/*'],
      description: 'Model patterns (`*` wildcards) that never count against a budget and are never blocked.',
    }),
    reservationTtlMinutes: T.Number({
      minimum: 1,
      default: 60,
      description: 'An unsettled reservation is released after this long (a crashed worker).',
    }),
    enforceSchedule: T.String({ default: '*/15 * * * *', description: 'Cron of the periodic enforcer.' }),
    importHermes: T.Boolean({
      default: true,
      description: 'Import usage from $HERMES_HOME/state.db on each enforcer tick.',
    }),
    importSkipSources: T.Array(T.String(), {
      default: ['timmy'],
      description:
        "Hermes sessions whose `source` is listed are not imported (timmy's own runs report usage directly).",
    }),
    tokenUsageFile: T.Boolean({
      default: true,
      description: 'Append each ledger record to $HERMES_HOME/token_usage.jsonl.',
    }),
  },
  { additionalProperties: false, default: {} },
)

export type BudgetOptions = Static<typeof BudgetOptionsSchema>
export type BudgetEntry = Static<typeof BudgetEntrySchema>
