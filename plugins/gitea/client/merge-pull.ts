import type { RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { MergePullOptions } from '../client-options.js'
import { GiteaError, isGiteaError } from '../gitea-error.js'
import { repoPath } from '../repo-ref.js'
import { getPull } from './get-pull.js'

/** Merge (`do` style, default `merge`). 405 → GITEA_MERGE_NOT_ALLOWED; 409 → GITEA_MERGE_CONFLICT. */
export async function mergePull(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  o: MergePullOptions = {},
): Promise<void> {
  const path = `${repoPath(repo)}/pulls/${index}/merge`
  const body = {
    do: o.do ?? 'merge',
    ...(o.title !== undefined ? { merge_title_field: o.title } : {}),
    ...(o.message !== undefined ? { merge_message_field: o.message } : {}),
    ...(o.deleteBranch !== undefined ? { delete_branch_after_merge: o.deleteBranch } : {}),
    ...(o.headCommitId !== undefined ? { head_commit_id: o.headCommitId } : {}),
    ...(o.forceMerge !== undefined ? { force_merge: o.forceMerge } : {}),
  }
  try {
    await ctx.core.request({
      method: 'POST',
      path,
      body,
      check: async () => ((await getPull(ctx, repo, index)).merged ? true : undefined),
    })
  } catch (err) {
    if (isGiteaError(err) && (err.status === 405 || err.status === 409)) {
      const message =
        err.status === 409 && err.conflict
          ? String(err.conflict.StdErr || err.conflict.Err || err.apiMessage || 'merge conflict')
          : err.apiMessage
      throw new GiteaError(
        err.status === 405 ? 'GITEA_MERGE_NOT_ALLOWED' : 'GITEA_MERGE_CONFLICT',
        { path: err.path, message: ctx.core.scrub(message) },
        {
          status: err.status,
          method: err.method,
          path: err.path,
          url: err.url,
          message: err.apiMessage,
          ...(err.conflict ? { conflict: err.conflict } : {}),
        },
        err,
      )
    }
    throw err
  }
}
