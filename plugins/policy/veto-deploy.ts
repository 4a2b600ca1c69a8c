/** The policy's deploy veto (setup.ts imports this module when a deploy, a validation or `resolve` first needs it). */
import { TimmyError } from '../../core/errors.js'
import type { Veto } from '../../core/hooks.js'
import type { Plan } from '../deploy/plan-deploy.js'
import type { PolicyOptions } from './options.js'
import type { Policy } from './policy-schema.js'
import { resolvePolicy, scanOverlay } from './resolve-policy.js'

export { resolvePolicy }

/** The first violation of a deploy's overlay (or its policy.yaml's own error) as a veto. */
export function vetoDeploy(options: PolicyOptions, plan: unknown): Veto | undefined {
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
