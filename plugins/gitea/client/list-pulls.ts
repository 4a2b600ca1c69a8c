import type { GiteaPullRequest, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { ListPullsOptions } from '../client-options.js'
import { repoPath } from '../repo-ref.js'

/** A repo's pull requests (open by default); a named label the repo lacks means none match. */
export async function listPulls(
  ctx: ClientContext,
  repo: RepoRef,
  o: ListPullsOptions = {},
): Promise<GiteaPullRequest[]> {
  let labels: number[] | undefined
  if (o.labels?.length) {
    const found = await ctx.labelIds(repo, o.labels)
    if (found.missing.length) return []
    labels = found.ids
  }
  return ctx.list<GiteaPullRequest>(
    `${repoPath(repo)}/pulls`,
    { state: o.state ?? 'open', labels, base_branch: o.base },
    o,
  )
}
