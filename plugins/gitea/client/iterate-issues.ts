import type { GiteaIssue, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { ListIssuesOptions } from '../client-options.js'
import { repoPath } from '../repo-ref.js'
import { issueQuery, onlyType } from './issue-query.js'

/** Every matching issue, page after page (bounded concurrency once the total is known). */
export async function* iterateIssues(
  ctx: ClientContext,
  repo: RepoRef,
  o: Omit<ListIssuesOptions, 'page' | 'all'> = {},
): AsyncGenerator<GiteaIssue> {
  const query = await issueQuery(ctx, repo, o)
  if (!query) return
  const keep = onlyType(o)
  for await (const issue of ctx.iterate<GiteaIssue>(`${repoPath(repo)}/issues`, query, o.limit))
    if (keep(issue)) yield issue
}
