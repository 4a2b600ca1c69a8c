import type { RepoRef } from './api-types.js'
import { E } from './errors.js'

/** `owner/name` (or `{owner, repo}`) → the path prefix `/repos/owner/name`, each part URL-encoded. */
export function repoPath(ref: RepoRef): string {
  const { owner, repo } = splitRepo(ref)
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`
}

export function splitRepo(ref: RepoRef): { owner: string; repo: string } {
  const [owner, repo] = typeof ref === 'string' ? ref.split('/') : [ref.owner, ref.repo]
  // `.` and `..` would resolve to another path once URL-normalised (`acme/..` → /repos/issues/…)
  for (const part of [owner, repo])
    if (!part || /[/\s]/.test(part) || part === '.' || part === '..')
      throw E.GITEA_BAD_REPO({ repo: typeof ref === 'string' ? ref : `${ref.owner}/${ref.repo}` })
  if (typeof ref === 'string' && ref.split('/').length !== 2) throw E.GITEA_BAD_REPO({ repo: ref })
  return { owner: owner!, repo: repo! }
}
