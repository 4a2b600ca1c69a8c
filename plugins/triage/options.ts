/** The triage plugin's options (`pluginOptions.triage`). */
import { Type } from '@sinclair/typebox'

export const TriageOptionsSchema = Type.Object(
  {
    repos: Type.Array(Type.String({ pattern: '^[^/\\s]+/[^/\\s]+$', description: 'owner/repo' }), {
      default: [],
    }),
    rulesFile: Type.Optional(Type.String({ description: 'a YAML rule set, relative to the working folder' })),
    rules: Type.Optional(Type.Unknown({ description: 'an inline rule set (same shape as a rules file)' })),
    ceiling: Type.Integer({ minimum: 1, default: 20, description: 'most issues changed by one sweep' }),
    confirm: Type.Boolean({ default: false, description: 'scheduled sweeps change Gitea only when true' }),
    stale: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        daysUntilStale: Type.Integer({ minimum: 1, default: 60 }),
        daysUntilClose: Type.Integer({ minimum: 1, default: 14 }),
        staleLabel: Type.String({ default: 'stale' }),
        markComment: Type.String({
          default:
            'This issue has had no activity for a while and is marked stale. It will be closed if nothing happens; comment to keep it open.',
        }),
        closeComment: Type.String({
          default: 'Closed after a long time without activity. Reopen it if it still matters.',
        }),
        exemptLabels: Type.Array(Type.String(), {
          default: ['pinned', 'security', 'lifecycle/frozen', 'keep-open'],
        }),
        priorityPrefix: Type.String({ default: 'priority/' }),
        triagedLabel: Type.String({ default: 'triaged' }),
        exemptMilestones: Type.Boolean({ default: true }),
        exemptLinkedPulls: Type.Boolean({ default: true }),
      },
      { additionalProperties: false, default: {} },
    ),
    orphans: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        hours: Type.Number({ exclusiveMinimum: 0, default: 72 }),
        comment: Type.String({
          default:
            'Unassigned {{agents}}: no activity on this issue for more than {{hours}} hours. It goes back to the queue.',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    lanes: Type.Record(
      Type.String(),
      Type.Object(
        {
          agent: Type.String(),
          maxConcurrent: Type.Optional(Type.Integer({ minimum: 0 })),
          repos: Type.Optional(Type.Array(Type.String())),
        },
        { additionalProperties: false },
      ),
      { default: {}, description: 'lanes when playbooks/lanes.yaml is not loaded' },
    ),
    schedule: Type.Object(
      { sweep: Type.String({ default: '*/5 * * * *' }), orphans: Type.String({ default: '*/30 * * * *' }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)
