/** The `orchestrator` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    DISPATCH_UNKNOWN_LANE: (a: { lane: string; known: string; suggestion?: string }) =>
      `unknown lane "${a.lane}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Lanes in playbooks/lanes.yaml: ${a.known || '(none: add a playbooks/lanes.yaml)'}. Pass one of them with --lane, or leave --lane out.`,
    DISPATCH_NO_ISSUE: (a: { repo: string; issue: number }) =>
      `${a.repo}#${a.issue} does not exist (Gitea answered 404). Check the repository and the issue number ("timmy gitea issues ${a.repo}" lists the open ones).`,
    ORCHESTRATOR_HELD: (a: { holder: string; expires: string }) =>
      `another orchestrator holds the lease (${a.holder}, until ${a.expires}). Only one runs per store; stop it, or wait for its lease to expire.`,
  }),
}
