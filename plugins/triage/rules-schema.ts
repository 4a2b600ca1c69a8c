/** The schema of triage rule sets (YAML in config, in a rules file, or in a playbook's `with:`). */
import { type Static, Type as T } from '@sinclair/typebox'

const Strings = T.Array(T.String(), { description: 'a list of names' })
const Regex = T.String({ description: 'a regular expression, plain or as /pattern/flags' })

export const MatchSchema = T.Object(
  {
    title: T.Optional(Regex),
    body: T.Optional(Regex),
    /** Any text of title or body. */
    text: T.Optional(Regex),
    labels: T.Optional(
      T.Object(
        { all: T.Optional(Strings), any: T.Optional(Strings), none: T.Optional(Strings) },
        { additionalProperties: false },
      ),
    ),
    author: T.Optional(Strings),
    repo: T.Optional(Strings),
    age: T.Optional(
      T.Object(
        {
          older_than: T.Optional(
            T.String({ pattern: '^\\d+[mhdw]$', description: 'a duration like 30m, 12h, 7d, 2w' }),
          ),
          newer_than: T.Optional(
            T.String({ pattern: '^\\d+[mhdw]$', description: 'a duration like 30m, 12h, 7d, 2w' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Only issues nobody is assigned to (default: any). */
    unassigned: T.Optional(T.Boolean()),
  },
  { additionalProperties: false },
)

export const ActionsSchema = T.Object(
  {
    labels: T.Optional(Strings),
    priority: T.Optional(
      T.String({ description: 'a priority name; becomes the label <priorityPrefix><name>' }),
    ),
    lane: T.Optional(T.String({ description: 'a lane from playbooks/lanes.yaml; its agent is assigned' })),
    assign: T.Optional(Strings),
    comment: T.Optional(
      T.String({
        description:
          'a comment template; {{title}}, {{number}}, {{author}}, {{lane}}, {{rule}} are filled in',
      }),
    ),
  },
  { additionalProperties: false },
)

export const RuleSchema = T.Object(
  {
    name: T.String({ minLength: 1 }),
    match: T.Optional(MatchSchema),
    actions: ActionsSchema,
  },
  { additionalProperties: false },
)

export const RuleSetSchema = T.Object(
  {
    mode: T.Union([T.Literal('first-match'), T.Literal('all-match')], { default: 'first-match' }),
    /** Label added once an issue is triaged; triaged issues are skipped by later sweeps. */
    triagedLabel: T.String({ default: 'triaged' }),
    priorityPrefix: T.String({ default: 'priority/' }),
    /** Colours for labels that do not exist yet and are created on first use. */
    labelColors: T.Record(T.String(), T.String({ pattern: '^#?[0-9a-fA-F]{6}$' }), { default: {} }),
    defaultColor: T.String({ pattern: '^#?[0-9a-fA-F]{6}$', default: '#c5def5' }),
    rules: T.Array(RuleSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
)

export type RuleSetInput = Static<typeof RuleSetSchema>
export type Rule = Static<typeof RuleSchema>
