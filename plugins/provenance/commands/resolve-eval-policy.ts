/**
 * The policy `timmy train eval` checks the endpoint and scores `banned-provider` with: the policy
 * plugin's options (its defaults when it is not loaded) narrowed by `--policy` or `./config/policy.yaml`,
 * as `timmy policy scan` resolves it, and the plugin's own detector over it.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadYamlFile } from '../../../core/config/yaml-source.js'
import type { Host } from '../../../core/host.js'
import type { EvalPolicy } from '../../../training/eval/eval-policy.js'
import type { PolicyOptions } from '../../policy/options.js'
import { DEFAULT_BANNED, type Policy } from '../../policy/policy-schema.js'
import { resolvePolicy } from '../../policy/resolve-policy.js'
import { bannedIn, scanText } from '../../policy/scan-policy.js'
import { E } from '../errors.js'

export function resolveEvalPolicy(host: Host, file: string | undefined, cwd: string): EvalPolicy {
  if (file && !existsSync(file)) throw E.INPUT_UNREADABLE({ reason: 'no such file' }, { loc: { file } })
  const path = file ?? resolve(cwd, 'config/policy.yaml')
  const options = host.plugins.find((p) => p.plugin.name === 'policy')?.options as PolicyOptions | undefined
  return evalPolicyOf(
    resolvePolicy(
      options ?? { bannedProviders: DEFAULT_BANNED, allowedBaseUrls: [] },
      existsSync(path) ? loadYamlFile(path, { allowEmpty: true }) : undefined,
    ),
  )
}

/** The policy plugin's detector over `policy`, as the eval asks it (training/eval/eval-policy.ts). */
export function evalPolicyOf(policy: Policy): EvalPolicy {
  return {
    bannedIn: (text) => bannedIn(text, policy),
    bannedSetting: (text) =>
      scanText('answer', text, policy).find((v) => v.rule === 'banned-provider')?.reason,
  }
}
