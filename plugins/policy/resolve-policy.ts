/** The policy in force (plugin options narrowed by the overlay's policy.yaml), and the scan of a deploy's overlay. */
import { checkSchema } from '../../core/config/check-schema.js'
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { Plan } from '../deploy/plan-deploy.js'
import { E } from './errors.js'
import { type Policy, PolicySchema } from './policy-schema.js'
import { scanSource, urlAllowed, type Violation } from './scan-policy.js'

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
