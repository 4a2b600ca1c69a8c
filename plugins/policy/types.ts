/** The `policy` service (provided by plugins/policy): the banned-provider scan of a proposed change. */
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { Policy } from './policy-schema.js'

export interface PolicyFinding {
  rule: 'banned-provider'
  /** Where the name was found: the PR's title, its body, or a line its diff adds. */
  where: 'title' | 'body' | 'diff'
  /** The banned provider family named. */
  provider: string
  /** The offending text (the diff line, or the title/body line). */
  text: string
}

export interface ChangeToScan {
  title?: string
  body?: string
  /** A unified diff: only the lines it adds are scanned (removing a banned provider is welcome). */
  diff?: string
}

export interface PolicyService {
  /** Banned provider names (case-insensitive) in a change's title, body and added diff lines. */
  scanChange(change: ChangeToScan): PolicyFinding[]
  /** The banned provider families in force. */
  bannedProviders(): readonly string[]
  /**
   * The policy in force: the plugin options narrowed by an overlay's `config/policy.yaml` (`file`);
   * an entry that widens them throws TIMMY_ERR_DEPLOY_POLICY_WIDENED at its line.
   */
  resolve(file?: YamlSource): Promise<Policy>
}

declare module '../../core/plugin.js' {
  interface Services {
    policy: PolicyService
  }
}
