import type { GiteaIssue, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'

/** Replace the issue's assignees with exactly `usernames` (validated first). */
export async function assignIssue(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  usernames: readonly string[],
): Promise<GiteaIssue> {
  await ctx.checkUsers(usernames)
  return (
    await ctx.core.request<GiteaIssue>({
      method: 'PATCH',
      path: `${repoPath(repo)}/issues/${index}`,
      body: { assignees: [...usernames] },
    })
  ).data
}
