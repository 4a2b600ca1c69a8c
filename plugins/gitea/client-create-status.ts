/**
 * Setting a commit status (POST /repos/{owner}/{repo}/statuses/{sha} → 201 CommitStatus). Statuses
 * are keyed by `context`: a new one for the same context supersedes the older, so a retried POST is
 * harmless and may be sent again like a GET.
 */

import type { RepoRef } from './api-types.js'
import type { ClientContext } from './client-context.js'
import { repoPath } from './repo-ref.js'

export type CommitStatusState = 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped'

export interface CreateStatusOptions {
  state: CommitStatusState
  /** The check's name, e.g. `timmy/deploy`. */
  context: string
  description?: string
  targetUrl?: string
}

/** The fields of Gitea's CommitStatus that timmy reads (the response names the state `status`). */
export interface GiteaCommitStatus {
  id: number
  status: CommitStatusState
  context: string
  description: string
  target_url: string
  created_at: string
}

export function createStatusMethod(ctx: ClientContext) {
  async function createStatus(
    repo: RepoRef,
    sha: string,
    o: CreateStatusOptions,
  ): Promise<GiteaCommitStatus> {
    return (
      await ctx.core.request<GiteaCommitStatus>({
        method: 'POST',
        path: `${repoPath(repo)}/statuses/${encodeURIComponent(sha)}`,
        body: {
          state: o.state,
          context: o.context,
          ...(o.description !== undefined ? { description: o.description } : {}),
          ...(o.targetUrl !== undefined ? { target_url: o.targetUrl } : {}),
        },
        idempotent: true,
      })
    ).data
  }
  return { createStatus }
}
