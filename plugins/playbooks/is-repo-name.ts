/**
 * `owner/name` as Gitea allows it: letters, digits, `-`, `_` and `.` in each part, and neither part `.`
 * or `..` (which a URL would resolve to another path: `acme/..` is not a repository of acme).
 */
const NAME = /^[A-Za-z0-9_.-]+$/

export function isRepoName(repo: string): boolean {
  const parts = repo.split('/')
  return parts.length === 2 && parts.every((p) => NAME.test(p) && p !== '.' && p !== '..')
}
