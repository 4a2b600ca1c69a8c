import type { GiteaPullRequest, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'

/** One pull request by index. */
export async function getPull(ctx: ClientContext, repo: RepoRef, index: number): Promise<GiteaPullRequest> {
  return ctx.get<GiteaPullRequest>(`${repoPath(repo)}/pulls/${index}`)
}
