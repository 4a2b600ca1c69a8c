import type { GiteaComment, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'

/** All comments of an issue (this endpoint takes no page/limit: one answer holds them all). */
export async function listComments(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  o: { since?: string | Date } = {},
): Promise<GiteaComment[]> {
  return (
    (await ctx.get<GiteaComment[]>(`${repoPath(repo)}/issues/${index}/comments`, {
      since: ctx.iso(o.since),
    })) ?? []
  )
}
