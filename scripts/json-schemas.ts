/**
 * JSON Schemas for editors and other validators, generated from the TypeBox schemas timmy itself
 * checks with (the single source of truth): `schemas/<name>.schema.json`, written by
 * `scripts/build-schemas.mjs` (this file is not part of dist) and shipped in the package. TypeBox schemas already are JSON Schema;
 * this drops TypeBox's symbols and makes a property with a default optional (timmy fills it in).
 */
import type { TSchema } from '@sinclair/typebox'
import { CronYamlSchema } from '../plugins/hermes/cron-yaml.js'
import { LanesFileSchema, PlaybookSchema } from '../plugins/playbooks/schema.js'
import { ExpectSchema } from '../plugins/playbooks/test-fixtures.js'
import { PolicySchema } from '../plugins/policy/policy-schema.js'
import { ConfigSchema } from '../core/config/schema.js'
import { DeployConfigSchema } from '../plugins/deploy/config-schema.js'
import { GiteaConfigSchema } from '../plugins/gitea/config-schema.js'
import { PlaybooksOptionsSchema } from '../plugins/playbooks/config-schema.js'
import { PoolOptionsSchema } from '../plugins/pool/config-schema.js'
import { QueueConfigSchema } from '../plugins/queue/config-schema.js'

/** Built-in plugins' options an editor completes under `pluginOptions.<name>` (the core schema leaves them open). */
const PLUGIN_OPTIONS: Record<string, TSchema> = {
  gitea: GiteaConfigSchema,
  deploy: DeployConfigSchema,
  queue: QueueConfigSchema,
  pool: PoolOptionsSchema,
  playbooks: PlaybooksOptionsSchema,
}

const SOURCES: Record<string, { title: string; schema: TSchema }> = {
  'timmy.config': { title: 'timmy configuration (timmy.config.json / .yaml)', schema: ConfigSchema },
  playbook: { title: 'timmy playbook', schema: PlaybookSchema },
  lanes: { title: 'timmy lanes (playbooks/lanes.yaml)', schema: LanesFileSchema },
  expect: { title: 'timmy playbook fixture (fixtures/<playbook>/<case>/expect.yaml)', schema: ExpectSchema },
  cron: { title: 'timmy Hermes cron jobs (config/cron.yaml)', schema: CronYamlSchema },
  policy: { title: 'timmy deploy policy (config/policy.yaml)', schema: PolicySchema },
}

export function jsonSchemas(): Record<string, object> {
  const out: Record<string, object> = {}
  for (const [name, { title, schema }] of Object.entries(SOURCES)) {
    out[name] = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `${name}.schema.json`,
      title,
      ...(plain(schema) as object),
    }
  }
  const config = out['timmy.config'] as { properties: { pluginOptions: Record<string, unknown> } }
  config.properties.pluginOptions.properties = Object.fromEntries(
    Object.entries(PLUGIN_OPTIONS).map(([name, schema]) => [name, plain(schema)]),
  )
  return out
}

function plain(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(plain)
  if (typeof s !== 'object' || s === null) return s
  const obj = JSON.parse(JSON.stringify(s)) as Record<string, unknown>
  for (const [k, v] of Object.entries(obj)) obj[k] = plain(v)
  if (obj.type === 'object' && Array.isArray(obj.required) && obj.properties) {
    const props = obj.properties as Record<string, { default?: unknown }>
    const required = (obj.required as string[]).filter((k) => props[k]?.default === undefined)
    if (required.length) obj.required = required
    else delete obj.required
  }
  return obj
}
