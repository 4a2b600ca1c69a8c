import type { GiteaIssue, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { ListIssuesOptions } from '../client-options.js'
import { repoPath } from '../repo-ref.js'
import { issueQuery, onlyType } from './issue-query.js'

/** One page (or, with `all`, every page) of a repo's issues of the asked type. */
export async function listIssues(
  ctx: ClientContext,
  repo: RepoRef,
  o: ListIssuesOptions = {},
): Promise<GiteaIssue[]> {
  const query = await issueQuery(ctx, repo, o)
  if (!query) return []
  return (await ctx.list<GiteaIssue>(`${repoPath(repo)}/issues`, query, o)).filter(onlyType(o))
}
