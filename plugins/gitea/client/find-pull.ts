import type { GiteaPullRequest, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'

/** The pull request from `head` into `base`, or undefined. */
export async function findPull(
  ctx: ClientContext,
  repo: RepoRef,
  base: string,
  head: string,
): Promise<GiteaPullRequest | undefined> {
  return ctx.getOrUndefined<GiteaPullRequest>(
    // Gitea routes `/pulls/{base}/*`: the head may hold slashes (fix/x), sent as they are.
    `${repoPath(repo)}/pulls/${encodeURIComponent(base)}/${head.split('/').map(encodeURIComponent).join('/')}`,
  )
}
