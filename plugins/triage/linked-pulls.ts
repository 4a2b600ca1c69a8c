/** Does an open pull request reference issue N? By its branch name (`…issue-N…`, `…/N-…`) or its body (`#N`). */
import type { TriagePull } from './types.js'

export function referencesIssue(pull: Pick<TriagePull, 'body' | 'title' | 'head'>, issue: number): boolean {
  const n = String(issue)
  const branch = pull.head?.ref ?? ''
  if (new RegExp(`(^|[^0-9])(issue|issues|fix|fixes|bug)[-_/]?${n}([^0-9]|$)`, 'i').test(branch)) return true
  if (new RegExp(`(^|/)${n}[-_]`).test(branch)) return true
  return new RegExp(`(^|[^\\w&])#${n}(?![0-9])`).test(`${pull.title ?? ''}\n${pull.body ?? ''}`)
}

/** issue number → the open pulls that reference it, for one repository's pulls. */
export function linkedPulls(pulls: readonly TriagePull[], issue: number): TriagePull[] {
  return pulls.filter((p) => p.state === 'open' && referencesIssue(p, issue))
}
