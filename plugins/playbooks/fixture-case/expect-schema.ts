import { type Static, Type as T } from '@sinclair/typebox'

const Outcome = T.Union([T.Literal('ok'), T.Literal('failed'), T.Literal('skipped'), T.Literal('vetoed')])
const Stub = T.Union(
  [
    T.String({
      pattern: '^[a-z0-9][a-z0-9._-]*/[A-Za-z_$][A-Za-z0-9_$]*$',
      description: 'a step to run instead',
    }),
    T.Object(
      {
        output: T.Optional(T.Unknown()),
        effects: T.Optional(T.Array(T.Object({ kind: T.String() }))),
        usage: T.Optional(T.Record(T.String(), T.Unknown())),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'a step to run instead ("plugin/step"), or { output, effects?, usage? }' },
)

/** The schema of a fixture case's expect.yaml. */
export const ExpectSchema = T.Object(
  {
    description: T.Optional(T.String()),
    with: T.Optional(T.Record(T.String(), T.Unknown())),
    triggered: T.Boolean({ default: true }),
    stubs: T.Record(T.String(), Stub, { default: {} }),
    outcome: T.Optional(T.Union([T.Literal('ok'), T.Literal('failed'), T.Literal('vetoed')])),
    steps: T.Optional(T.Record(T.String(), Outcome)),
    effects: T.Optional(T.Array(T.Object({ kind: T.String() }, { additionalProperties: true }))),
    error: T.Optional(T.String({ pattern: '^TIMMY_ERR_[A-Z0-9_]+$' })),
  },
  { additionalProperties: false },
)
/** A fixture case's expectations. */
export type Expect = Static<typeof ExpectSchema>
