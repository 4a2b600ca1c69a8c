/**
 * The schema of timmy's own configuration (`timmy.config.ts` and friends). TypeBox is the single
 * source of truth: the type is `Static<>` of it and defaults live here. Unknown keys are rejected
 * (with a did-you-mean) everywhere except inside `pluginOptions.<name>`, which each plugin validates
 * against its own schema: every behaviour's settings (gitea, deploy, queue, …) are its plugin's options.
 */
import { type Static, Type as T } from '@sinclair/typebox'

const Strict = { additionalProperties: false } as const

export const ServerSchema = T.Object(
  {
    host: T.String({ default: '127.0.0.1', description: 'Address to listen on (loopback by default).' }),
    port: T.Integer({
      minimum: 0,
      maximum: 65535,
      default: 7777,
      description: 'TCP port (0 = any free port).',
    }),
    bodyLimit: T.Integer({ minimum: 1024, default: 1048576, description: 'Largest request body, in bytes.' }),
    tls: T.Optional(
      T.Object(
        {
          cert: T.String({ description: 'PEM certificate file.' }),
          key: T.String({ description: 'PEM private key file (chmod 600).' }),
        },
        Strict,
      ),
    ),
    acceptBearer: T.Boolean({
      default: false,
      description:
        'Also accept "Authorization: Bearer <$TIMMY_HOME/secret>" on POSTs (for operators\' scripts); off by default, since it sends the secret itself. timmy hook and the Hermes plugin sign each request instead.',
    }),
    allowedHosts: T.Array(T.String(), {
      default: [],
      description:
        'Host header names accepted beside 127.0.0.1, localhost and [::1] (for a TLS bind on a real name).',
    }),
  },
  { ...Strict, default: {} },
)

export const StoreSchema = T.Object(
  {
    path: T.Optional(T.String({ description: 'SQLite file; default $TIMMY_HOME/timmy.db.' })),
    url: T.Optional(
      T.String({
        pattern: '^postgres(ql)?://',
        errorMessage: 'a PostgreSQL URL (postgres:// or postgresql://)',
        description:
          'PostgreSQL server the fleet shares: queue, hosts, budget, deadman, deliveries, lease, runs, rollouts.',
      }),
    ),
    busyTimeoutMs: T.Integer({ minimum: 0, default: 5000 }),
    synchronous: T.Union([T.Literal('OFF'), T.Literal('NORMAL'), T.Literal('FULL')], { default: 'NORMAL' }),
  },
  { ...Strict, default: {} },
)

export const PluginRefSchema = T.Union([
  T.String({ description: 'A module specifier or path of a plugin.' }),
  T.Tuple([T.String(), T.Record(T.String(), T.Unknown())]),
])

export const ConfigSchema = T.Object(
  {
    /** The JSON Schema an editor checks this file with (schemas/timmy.config.schema.json); ignored by timmy. */
    $schema: T.Optional(T.String()),
    /** timmy's state folder; `TIMMY_HOME` overrides; default ~/.timmy */
    home: T.Optional(T.String()),
    /** Hermes' home; `HERMES_HOME` overrides; default ~/.hermes */
    hermesHome: T.Optional(T.String()),
    /** Extra plugin modules to load, beside built-ins and drop-ins. */
    plugins: T.Array(PluginRefSchema, { default: [] }),
    /** Options per plugin name (validated by each plugin's own schema). */
    pluginOptions: T.Record(T.String(), T.Record(T.String(), T.Unknown()), { default: {} }),
    /** Plugin names not to load (built-in or drop-in). */
    disabledPlugins: T.Array(T.String(), { default: [] }),
    server: ServerSchema,
    store: StoreSchema,
    log: T.Object(
      {
        level: T.Union(
          ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map((l) => T.Literal(l)),
          { default: 'info' },
        ),
      },
      { ...Strict, default: {} },
    ),
  },
  Strict,
)

export type TimmyConfig = Static<typeof ConfigSchema>
/** What a user writes: every key optional. */
export type TimmyUserConfig = Partial<{
  [K in keyof TimmyConfig]: TimmyConfig[K] extends object ? Partial<TimmyConfig[K]> : TimmyConfig[K]
}>

/** Identity helper for type inference in `timmy.config.ts`. */
export function defineConfig(config: TimmyUserConfig): TimmyUserConfig {
  return config
}
