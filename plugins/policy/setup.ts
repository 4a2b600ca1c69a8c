/** The policy plugin's setup (index.ts imports it when the host sets the plugin up). */
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import { TimmyError } from '../../core/errors.js'
import { STAGE, type Veto } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { Plan } from '../deploy/plan-deploy.js'
import type { PolicyOptions } from './options.js'
import { type Policy, PolicySchema } from './policy-schema.js'
import { resolvePolicy, scanOverlay } from './resolve-policy.js'
import { scanChange } from './scan-change.js'
import type { PolicyService } from './types.js'

export function setupPolicy(host: PluginHost, options: PolicyOptions): void {
  const service: PolicyService = {
    scanChange: (change) => scanChange(change, options.bannedProviders),
    bannedProviders: () => options.bannedProviders,
    resolve: (file) => resolvePolicy(options, file),
  }
  host.provide('policy', service)
  host.hooks.beforeDeploy.tap({ name: 'policy', stage: STAGE.policy }, (plan) => vetoDeploy(options, plan))
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
    validate(source) {
      resolvePolicy(options, source)
    },
  })
}

/** The first violation of a deploy's overlay (or its policy.yaml's own error) as a veto. */
function vetoDeploy(options: PolicyOptions, plan: unknown): Veto | undefined {
  const p = plan as Plan
  if (!p.overlay) return undefined
  let policy: Policy
  try {
    policy = resolvePolicy(options, p.overlay.sources['config/policy.yaml'])
  } catch (err) {
    if (err instanceof TimmyError)
      return {
        veto: true,
        by: 'policy',
        reason: err.message,
        ...(err.loc ? { loc: err.loc } : {}),
      } as Veto
    throw err
  }
  const first = scanOverlay(p, policy)[0]
  if (!first) return undefined
  const where = `${first.loc.file}:${first.loc.line}:${first.loc.col}`
  return { veto: true, by: 'policy', reason: `${where}: ${first.reason}`, loc: first.loc } as Veto
}
