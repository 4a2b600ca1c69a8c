import type { GiteaIssue, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { EditIssueFields } from '../client-options.js'
import { repoPath } from '../repo-ref.js'

/** PATCH the issue; Gitea answers 201 (not 200). Assignees are checked first (Gitea answers 500). */
export async function editIssue(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  fields: EditIssueFields,
): Promise<GiteaIssue> {
  if (fields.assignees?.length) await ctx.checkUsers(fields.assignees)
  return (
    await ctx.core.request<GiteaIssue>({
      method: 'PATCH',
      path: `${repoPath(repo)}/issues/${index}`,
      body: fields,
    })
  ).data
}
