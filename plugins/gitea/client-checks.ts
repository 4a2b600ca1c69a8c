/**
 * The client calls the merge gate needs: a ref's combined commit status
 * (GET /repos/{owner}/{repo}/commits/{ref}/status), a PR's reviews (GET …/pulls/{index}/reviews)
 * and its diff as text (GET …/pulls/{index}.diff).
 */

import type { RepoRef } from './api-types.js'
import type { GiteaCombinedStatus, GiteaPullReview } from './check-types.js'
import type { ClientContext } from './client-context.js'
import { collect } from './paginate.js'
import { repoPath } from './repo-ref.js'

export function checkMethods(ctx: ClientContext) {
  /** The combined status of a branch, tag or commit (every page of statuses). */
  async function getCombinedStatus(repo: RepoRef, ref: string): Promise<GiteaCombinedStatus> {
    return ctx.get<GiteaCombinedStatus>(`${repoPath(repo)}/commits/${encodeURIComponent(ref)}/status`, {
      limit: 50,
    })
  }

  async function listPullReviews(repo: RepoRef, index: number): Promise<GiteaPullReview[]> {
    return collect(ctx.iterate<GiteaPullReview>(`${repoPath(repo)}/pulls/${index}/reviews`, {}))
  }

  /** The unified diff of the PR (plain text). */
  async function getPullDiff(repo: RepoRef, index: number): Promise<string> {
    return (await ctx.core.request<unknown>({ method: 'GET', path: `${repoPath(repo)}/pulls/${index}.diff` }))
      .text
  }

  return { getCombinedStatus, listPullReviews, getPullDiff }
}
