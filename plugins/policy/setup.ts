/** The policy plugin's setup (index.ts imports it when the host sets the plugin up). */
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { PolicyOptions } from './options.js'
import { PolicySchema } from './policy-schema.js'
import { scanChange } from './scan-change.js'
import type { PolicyService } from './types.js'

// Resolving a policy.yaml and scanning an overlay (veto-deploy.ts) load when first needed.
let body: Promise<typeof import('./veto-deploy.js')> | undefined
const load = () => (body ??= import('./veto-deploy.js'))

export function setupPolicy(host: PluginHost, options: PolicyOptions): void {
  const service: PolicyService = {
    scanChange: (change) => scanChange(change, options.bannedProviders),
    bannedProviders: () => options.bannedProviders,
    resolve: async (file) => (await load()).resolvePolicy(options, file),
  }
  host.provide('policy', service)
  host.hooks.beforeDeploy.tapPromise({ name: 'policy', stage: STAGE.policy }, async (plan) =>
    (await load()).vetoDeploy(options, plan),
  )
  host.registerValidator({
    name: 'policy',
    match: (rel) => rel === 'config/policy.yaml',
    // by content: the schema it names, else only policy keys
    detect: (source) => {
      const hint = schemaHint(source)
      const v = source.value
      if (hint) return hint === 'policy'
      const keys = isMapping(v) ? Object.keys(v) : []
      return keys.length > 0 && keys.every((k) => k in PolicySchema.properties)
    },
    async validate(source) {
      ;(await load()).resolvePolicy(options, source)
    },
  })
}
