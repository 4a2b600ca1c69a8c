/**
 * The duplicate-PR guard: before an agent works on issue N, is a pull request for it already open?
 * One is when its title or body closes the issue as Gitea reads closing keywords (`close(s|d)`,
 * `fix(es|ed)`, `resolve(s|d)`, any case, then `#N` or `owner/repo#N` of the same repository, owner/repo
 * compared case-insensitively), or when its head branch is `issue-N` (also `issue_N`, `issues/N`, `…/issue-N`).
 */

import type { GiteaPullRequest } from '../gitea/api-types.js'
import type { GiteaService } from '../gitea/service.js'

const KEYWORDS = '(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Whether the pull request says it closes `repo#issue`, or works on it from an `issue-N` branch. */
export function pullClosesIssue(
  pull: Pick<GiteaPullRequest, 'title' | 'body'> & { head?: { ref?: string } | null },
  repo: string,
  issue: number,
): boolean {
  const n = String(issue)
  const ref = `(?:${escapeRegExp(repo)})?#${n}(?![0-9])`
  const said = new RegExp(`(?:^|[^\\w])${KEYWORDS}:?\\s+${ref}`, 'i')
  if (said.test(`${pull.title ?? ''}\n${pull.body ?? ''}`)) return true
  return new RegExp(`(?:^|/)issues?[-_/]${n}(?![0-9])`, 'i').test(pull.head?.ref ?? '')
}

/** The first open pull request of `repo` that closes `issue`, read through the Gitea service. */
export async function findDuplicatePull(
  gitea: GiteaService,
  repo: string,
  issue: number,
): Promise<GiteaPullRequest | undefined> {
  const pulls = await gitea.client().listPulls(repo, { state: 'open', all: true })
  return pulls.find((p) => p.state === 'open' && pullClosesIssue(p, repo, issue))
}

/** What a skipped dispatch says, in a dry run's plan and in an applied run alike. */
export function duplicateReason(pull: Pick<GiteaPullRequest, 'number'>, repo: string, issue: number): string {
  return `skipped: PR #${pull.number} open for ${repo}#${issue}`
}
