/** The `triage` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    TRIAGE_RULES_INVALID: (a: { path: string; expected: string; found?: string }) =>
      `triage rules are invalid at "${a.path}": expected ${a.expected}${a.found ? `, found ${a.found}` : ''}. Fix the rule file.`,
    TRIAGE_UNKNOWN_ACTION: (a: { action: string; suggestion?: string }) =>
      `unknown triage action "${a.action}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Actions are: labels, priority, lane, assign, comment.`,
    TRIAGE_UNKNOWN_MATCH: (a: { key: string; suggestion?: string }) =>
      `unknown triage match "${a.key}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Matches are: title, body, text, labels, author, repo, age, unassigned.`,
    TRIAGE_BAD_REGEX: (a: { pattern: string; reason: string }) =>
      `the regular expression ${JSON.stringify(a.pattern)} does not compile: ${a.reason}. Write it in JavaScript syntax, optionally as /pattern/flags.`,
    TRIAGE_UNKNOWN_LANE: (a: { lane: string; known: string; suggestion?: string }) =>
      `unknown lane "${a.lane}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Lanes in playbooks/lanes.yaml: ${a.known || '(none)'}.`,
    TRIAGE_BAD_REPO: (a: { repo: string }) => `"${a.repo}" is not a repository name. Write it as owner/repo.`,
    TRIAGE_NO_SOURCE: (a: { what: string }) =>
      `${a.what} needs the Gitea client, which is not loaded. Enable the gitea plugin and set pluginOptions.gitea.url in the config.`,
  }),
}
