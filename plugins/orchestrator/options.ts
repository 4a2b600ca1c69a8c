/** The orchestrator plugin's options (`pluginOptions.orchestrator`). */
import { Type } from '@sinclair/typebox'

export const OrchestratorOptionsSchema = Type.Object(
  {
    repos: Type.Array(Type.String({ pattern: '^[^/\\s]+/[^/\\s]+$' }), {
      default: [],
      description: 'repositories to coordinate (default: the triage plugin’s)',
    }),
    intervalMs: Type.Integer({ minimum: 100, default: 60_000 }),
    leaseTtlMs: Type.Integer({ minimum: 500, default: 30_000 }),
    confirm: Type.Boolean({
      default: false,
      description: 'change Gitea and run agents (otherwise each tick only plans)',
    }),
    signOffLabel: Type.String({ default: 'approved' }),
    lanes: Type.Record(
      Type.String(),
      Type.Object({
        agent: Type.String(),
        maxConcurrent: Type.Optional(Type.Integer({ minimum: 0 })),
        repos: Type.Optional(Type.Array(Type.String())),
      }),
      { default: {} },
    ),
    graceMs: Type.Integer({
      minimum: 0,
      default: 10_000,
      description: 'how long a stop waits for running dispatches',
    }),
  },
  { additionalProperties: false },
)
