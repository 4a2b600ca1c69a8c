/**
 * The one lane/repo matcher. A pattern is `owner/repo` with `*` matching any run of characters
 * (`*`, `fleet/*`, `*-api`). Owner and repo names compare case-insensitively, as Gitea treats them
 * (`Fleet/API` and `fleet/api` are one repository). An empty pattern list matches nothing, and a
 * string that is not a repository name (`acme/..`, `a/b/c`, spaces) matches no pattern.
 */
import { isRepoName } from './is-repo-name.js'

const compiled = new Map<string, RegExp>()

export function repoPatternRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern)
  if (!re) {
    const body = pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    re = new RegExp(`^${body}$`, 'i')
    compiled.set(pattern, re)
  }
  return re
}

/** Whether `repo` (owner/name) matches one of `patterns`. */
export function matchLaneRepo(patterns: readonly string[], repo: string): boolean {
  if (!isRepoName(repo)) return false
  return patterns.some((p) => repoPatternRegExp(p).test(repo))
}
