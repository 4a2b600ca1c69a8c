import type { GiteaPullRequest, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { CreatePullOptions } from '../client-options.js'
import { isGiteaError } from '../gitea-error.js'
import { repoPath } from '../repo-ref.js'
import { findPull } from './find-pull.js'

/**
 * Open a PR, idempotently: an open PR for the same base/head is returned as it is (looked up
 * first; a 409 "already exists" is treated the same way).
 */
export async function createPull(
  ctx: ClientContext,
  repo: RepoRef,
  o: CreatePullOptions,
): Promise<GiteaPullRequest> {
  const open = async () => {
    const pr = await findPull(ctx, repo, o.base, o.head)
    return pr && pr.state === 'open' ? pr : undefined
  }
  const existing = await open()
  if (existing) return existing
  if (o.assignees?.length) await ctx.checkUsers(o.assignees)
  try {
    return (
      await ctx.core.request<GiteaPullRequest>({
        method: 'POST',
        path: `${repoPath(repo)}/pulls`,
        body: o,
        check: open,
      })
    ).data
  } catch (err) {
    if (isGiteaError(err, 'TIMMY_ERR_GITEA_CONFLICT')) {
      const pr = await open()
      if (pr) return pr
    }
    throw err
  }
}
