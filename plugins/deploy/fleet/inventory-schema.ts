/**
 * `config/inventory.yaml` in the config repo: one entry per host (what Ansible's `hosts.yml` held) and
 * how a rollout walks them. TypeBox is the single source of truth; defaults live here.
 */
import { type Static, Type as T } from '@sinclair/typebox'

const Name = T.String({ minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' })

export const ProviderSchema = T.Object(
  {
    name: T.String({ minLength: 1, description: 'Provider name; becomes providers.<name> in config.yaml.' }),
    model: T.String({ minLength: 1 }),
    base_url: T.Optional(T.String({ minLength: 1 })),
    key_env: T.Optional(
      T.String({
        pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        description: 'The variable holding the key (a placeholder, never the key).',
      }),
    ),
  },
  { additionalProperties: false },
)

export const InventoryHostSchema = T.Object(
  {
    wizard: Name,
    role: T.String({ minLength: 1 }),
    providers: T.Array(ProviderSchema, {
      minItems: 1,
      description: 'The ordered provider chain: first is primary.',
    }),
    banned_providers: T.Array(T.String({ minLength: 1 }), { default: [] }),
    vars: T.Optional(T.Record(T.String(), T.Union([T.String(), T.Number(), T.Boolean()]))),
  },
  { additionalProperties: false },
)

export const InventorySchema = T.Object(
  {
    hosts: T.Record(T.String(), InventoryHostSchema, {
      minProperties: 1,
    }),
    rollout: T.Object(
      {
        serial: T.Integer({ minimum: 1, default: 1, description: 'Hosts deployed at once.' }),
        stop_on_failure: T.Boolean({ default: true }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

export type Inventory = Static<typeof InventorySchema>
export type InventoryHost = Static<typeof InventoryHostSchema>
export type InventoryProvider = Static<typeof ProviderSchema>
