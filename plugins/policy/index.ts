/**
 * The policy plugin: vetoes a deploy whose overlay names a banned provider (the Anthropic/Claude
 * family by default), sends a model call to a remote `base_url` not on the allow-list, or misses a
 * required setting — before anything is written. `timmy policy scan <paths>` (commands/) runs the
 * same scan over any files (the preflight check).
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { checkSchema } from '../../core/config/check-schema.js'
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import type { YamlSource } from '../../core/config/yaml-source.js'
import { TimmyError } from '../../core/errors.js'
import { STAGE, type Veto } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import type { Plan } from '../deploy/plan-deploy.js'
import { commands } from './commands/index.js'
import { E } from './errors.js'
import { DEFAULT_BANNED, type Policy, PolicySchema } from './policy-schema.js'
import { scanChange } from './scan-change.js'
import { scanSource, urlAllowed, type Violation } from './scan-policy.js'
import type { PolicyService } from './types.js'

export type * from './types.js'

const Options = T.Object(
  {
    bannedProviders: T.Array(T.String(), { default: DEFAULT_BANNED }),
    allowedBaseUrls: T.Array(T.String(), { default: [] }),
  },
  { additionalProperties: false, default: {} },
)

/** The plugin's options (`pluginOptions.policy`): the base of the policy in force. */
export type PolicyOptions = Static<typeof Options>

/**
 * The policy in force: the operator's plugin options, narrowed by the overlay's config/policy.yaml —
 * more banned providers, required settings, and an `allowed_base_urls` that must be a subset of the
 * operator's (an entry the operator does not allow is a coded error at its line). Never widened.
 */
export function resolvePolicy(
  base: { bannedProviders: string[]; allowedBaseUrls: string[] },
  file?: YamlSource,
): Policy {
  const policy: Policy = {
    bannedProviders: [...base.bannedProviders],
    allowedBaseUrls: [...base.allowedBaseUrls],
    required: {},
  }
  if (!file || file.value == null) return policy
  const v = checkSchema(PolicySchema, file.value, { locate: file.locate })
  policy.bannedProviders.push(...(v.banned_providers ?? []))
  if (v.allowed_base_urls) {
    const operator: Policy = { ...policy, allowedBaseUrls: [...base.allowedBaseUrls] }
    v.allowed_base_urls.forEach((entry, i) => {
      const covered = entry.includes('://')
        ? urlAllowed(entry, operator)
        : base.allowedBaseUrls.includes(entry)
      if (!covered) throw E.DEPLOY_POLICY_WIDENED({ entry }, { loc: file.locate(['allowed_base_urls', i]) })
    })
    policy.allowedBaseUrls = [...v.allowed_base_urls]
  }
  Object.assign(policy.required, v.required ?? {})
  return policy
}

export function scanOverlay(plan: Pick<Plan, 'overlay'>, policy: Policy): Violation[] {
  const out: Violation[] = []
  for (const [rel, source] of Object.entries(plan.overlay.sources)) {
    if (rel === 'config/policy.yaml' || rel.startsWith('skins/')) continue
    out.push(...scanSource(source, policy, { required: rel === 'config/config.yaml' }))
  }
  return out
}

export default definePlugin({
  name: 'policy',
  version: '0.1.0',
  provides: ['policy'],
  description: 'Vetoes deploys that name banned providers or remote base URLs; `timmy policy scan`.',
  options: Options,
  commands,
  setup(host, options) {
    const service: PolicyService = {
      scanChange: (change) => scanChange(change, options.bannedProviders),
      bannedProviders: () => options.bannedProviders,
      resolve: (file) => resolvePolicy(options, file),
    }
    host.provide('policy', service)
    host.hooks.beforeDeploy.tap({ name: 'policy', stage: STAGE.policy }, (plan) => {
      const p = plan as unknown as Plan
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
    })

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
  },
})
