/** The dispatch plugin's options (`pluginOptions.dispatch`). */
import { Type } from '@sinclair/typebox'

export const DispatchOptionsSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('hermes'), Type.Literal('endpoint'), Type.Literal('fake')], {
      default: 'hermes',
    }),
    hermesBin: Type.String({
      default: 'hermes',
      description: 'the hermes executable (a name on PATH or a path)',
    }),
    timeoutMs: Type.Integer({ minimum: 1000, default: 30 * 60_000 }),
    defaultToolsets: Type.Array(Type.String(), { default: ['terminal', 'file'] }),
    model: Type.Optional(Type.String()),
    passEnv: Type.Array(Type.String(), {
      default: [],
      description: 'names of variables passed through to the agent',
    }),
    endpoint: Type.Optional(
      Type.Object(
        { url: Type.String(), model: Type.String(), apiKeyEnv: Type.String({ default: 'OPENAI_API_KEY' }) },
        { additionalProperties: false },
      ),
    ),
    duplicateGuard: Type.Boolean({ default: true }),
    redispatchAfterMs: Type.Integer({
      minimum: 0,
      default: 60 * 60_000,
      description:
        'after an agent ran on an issue, how long before another may start on it (0: no wait); a running one is never doubled',
    }),
  },
  { additionalProperties: false },
)
