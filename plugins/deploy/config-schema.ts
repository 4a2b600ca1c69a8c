/** The deploy plugin's options (`pluginOptions.deploy` in the config): deploy of the Hermes overlay. Defaults live in the schema. */
import { type Static, Type as T } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

export const DeployWebhookSchema = T.Object(
  {
    enabled: T.Boolean({
      default: false,
      description: 'Deploy when a verified Gitea push reaches the branch.',
    }),
    repo: T.String({
      default: '',
      description: 'The config repo, "owner/name" (Gitea full_name); required when enabled.',
    }),
    branch: T.String({ default: 'main' }),
    remote: T.String({
      default: '',
      description:
        'git URL to clone/fetch (https://, ssh://, git:// or user@host:path); required when enabled. A push payload never names it.',
    }),
    workdir: T.Optional(T.String({ description: 'Working copy; default $TIMMY_HOME/config-repo.' })),
    debounceMs: T.Integer({
      minimum: 0,
      default: 1500,
      description: 'A burst of pushes within this deploys once.',
    }),
  },
  { additionalProperties: false, default: {} },
)

export const DeployBridgeSchema = T.Object(
  {
    install: T.Boolean({
      default: true,
      description:
        'Each deploy installs the Hermes bridge plugin into $HERMES_HOME/plugins/timmy-bridge/ and adds it to plugins.enabled.',
    }),
    mcp: T.Boolean({
      default: true,
      description: 'Also add `mcp_servers.timmy` (timmy mcp) to the deployed config.yaml, unless it has one.',
    }),
    command: T.Optional(
      T.String({
        description:
          "The command Hermes runs for `timmy mcp`; default: `timmy` when it is on PATH as this install, else node with the absolute path of timmy's entry script.",
      }),
    ),
    failPolicy: T.Optional(
      T.Union([T.Literal('open'), T.Literal('closed')], {
        description: "The bridge's fail policy in its settings.json (default: the plugin's own, open).",
      }),
    ),
  },
  { additionalProperties: false, default: {} },
)

export const DeployConfigSchema = T.Object(
  {
    source: T.Optional(
      T.String({ description: 'Project folder with config/ and skins/; default the current folder.' }),
    ),
    keep: T.Integer({
      minimum: 2,
      default: 20,
      description: 'Generations to keep (live and last known-good always stay).',
    }),
    lockTimeoutMs: T.Integer({
      minimum: 100,
      default: 10_000,
      description:
        "How long a deploy waits for Hermes' cron/.jobs.lock (taken before the switch; a timeout changes nothing).",
    }),
    webhook: DeployWebhookSchema,
    bridge: DeployBridgeSchema,
  },
  { additionalProperties: false, default: {} },
)

/** The deploy plugin's options, defaults applied. */
export type DeploySettings = Static<typeof DeployConfigSchema>

/** The options when none are given (a command run with the deploy plugin disabled). */
export function defaultDeploySettings(): DeploySettings {
  return Value.Default(DeployConfigSchema, {}) as DeploySettings
}
