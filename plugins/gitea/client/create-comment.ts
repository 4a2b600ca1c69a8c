import type { GiteaComment, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'
import { listComments } from './list-comments.js'

/** Comment on an issue or PR. After a failure that may have applied, the comment is looked for first. */
export async function createComment(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  body: string,
): Promise<GiteaComment> {
  const startedAt = new Date(ctx.now() - 60_000)
  const path = `${repoPath(repo)}/issues/${index}/comments`
  return (
    await ctx.core.request<GiteaComment>({
      method: 'POST',
      path,
      body: { body },
      // Ours: same body, by the token's user, since just before we started.
      check: async () => {
        const me = (await ctx.whoami()).login
        return (await listComments(ctx, repo, index, { since: startedAt })).find(
          (c) => c.body === body && c.user?.login === me,
        )
      },
    })
  ).data
}
