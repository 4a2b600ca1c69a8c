import { E } from '../errors.js'
import type { RepoRef } from './types.js'

/** `owner/name` (or `{owner, repo}`) → the path prefix `/repos/owner/name`, each part URL-encoded. */
export function repoPath(ref: RepoRef): string {
  const { owner, repo } = splitRepo(ref)
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`
}

export function splitRepo(ref: RepoRef): { owner: string; repo: string } {
  if (typeof ref !== 'string') return ref
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(ref)
  if (!m) throw E.GITEA_BAD_REPO({ repo: ref })
  return { owner: m[1]!, repo: m[2]! }
}
