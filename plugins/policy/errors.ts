/** The `policy` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    DEPLOY_POLICY_WIDENED: (a: { entry: string }) =>
      `config/policy.yaml allows "${a.entry}", which the operator's policy does not: an overlay may narrow the policy, never widen it. Remove the entry, or add it to pluginOptions.policy.allowedBaseUrls in timmy's own config.`,
  }),
}
