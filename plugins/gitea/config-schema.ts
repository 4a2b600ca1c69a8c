/** The gitea plugin's options (`pluginOptions.gitea` in the config): the Gitea client and webhook receiver. Defaults live in the schema. */
import { type Static, Type as T } from '@sinclair/typebox'

const Strict = { additionalProperties: false } as const

export const GiteaRetrySchema = T.Object(
  {
    attempts: T.Integer({
      minimum: 1,
      maximum: 20,
      default: 5,
      description: 'Tries per idempotent request (first try included).',
    }),
    baseDelayMs: T.Integer({ minimum: 0, default: 250, description: 'First backoff delay.' }),
    maxDelayMs: T.Integer({ minimum: 0, default: 10_000, description: 'Cap of one backoff delay.' }),
    retryAfterCapMs: T.Integer({
      minimum: 0,
      default: 60_000,
      description: 'Longest Retry-After the client will honour; a longer one fails as rate-limited.',
    }),
  },
  { ...Strict, default: {} },
)

export const GiteaConfigSchema = T.Object(
  {
    url: T.Optional(
      T.String({ description: 'Base URL of the Gitea server, e.g. https://git.example.com (or GITEA_URL).' }),
    ),
    token: T.Optional(
      T.String({
        description: 'An access token written inline (prefer tokenFile, or $HERMES_HOME/gitea_token).',
      }),
    ),
    tokenFile: T.Optional(
      T.String({ description: 'File holding the access token; must be chmod 600 (owner only).' }),
    ),
    webhookSecret: T.String({
      default: '',
      description:
        'Secret shared with the Gitea webhook (or GITEA_WEBHOOK_SECRET). Empty refuses deliveries.',
    }),
    insecure: T.Boolean({
      default: false,
      description: 'Accept unsigned webhook deliveries when no secret is set. Never on a shared network.',
    }),
    writesPerMinute: T.Integer({
      minimum: 0,
      default: 60,
      description: 'Client-side pace of writes (POST/PATCH/PUT/DELETE); 0 = unlimited.',
    }),
    timeoutMs: T.Integer({ minimum: 100, default: 15_000, description: 'Per-request timeout.' }),
    pageConcurrency: T.Integer({
      minimum: 1,
      maximum: 16,
      default: 8,
      description: 'Pages fetched at once once X-Total-Count is known.',
    }),
    retry: GiteaRetrySchema,
    bodyLimit: T.Integer({
      minimum: 1024,
      default: 1_048_576,
      description: 'Largest webhook body accepted, in bytes (413 above).',
    }),
    deliveryRetentionDays: T.Integer({
      minimum: 1,
      default: 30,
      description: 'How long delivery ids are remembered for de-duplication.',
    }),
    route: T.String({ default: '/hooks/gitea', description: 'Path of the webhook receiver.' }),
    queueTask: T.String({
      default: 'work-item',
      description: 'Name under which a received work item is enqueued when a queue service exists.',
    }),
    replayWindowHours: T.Integer({
      minimum: 0,
      default: 24,
      description:
        'A delivery whose signed body was already seen within this many hours is ignored as a replay, whatever its delivery id (0 = off).',
    }),
  },
  { ...Strict, default: {} },
)

export type GiteaConfig = Static<typeof GiteaConfigSchema>
export type GiteaRetryPolicy = Static<typeof GiteaRetrySchema>
