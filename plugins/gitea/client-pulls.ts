/** The pull-request methods of the Gitea client: list, get, find by base/head, create (idempotent), merge. */

import type { GiteaPullRequest, RepoRef } from './api-types.js'
import type { ClientContext } from './client-context.js'
import type { CreatePullOptions, ListPullsOptions, MergePullOptions } from './client-options.js'
import { GiteaError, isGiteaError } from './gitea-error.js'
import { repoPath } from './repo-ref.js'

export function pullMethods(ctx: ClientContext) {
  async function listPulls(repo: RepoRef, o: ListPullsOptions = {}): Promise<GiteaPullRequest[]> {
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

  async function getPull(repo: RepoRef, index: number): Promise<GiteaPullRequest> {
    return ctx.get<GiteaPullRequest>(`${repoPath(repo)}/pulls/${index}`)
  }

  async function findPull(repo: RepoRef, base: string, head: string): Promise<GiteaPullRequest | undefined> {
    return ctx.getOrUndefined<GiteaPullRequest>(
      // Gitea routes `/pulls/{base}/*`: the head may hold slashes (fix/x), sent as they are.
      `${repoPath(repo)}/pulls/${encodeURIComponent(base)}/${head.split('/').map(encodeURIComponent).join('/')}`,
    )
  }

  /**
   * Open a PR, idempotently: an open PR for the same base/head is returned as it is (looked up
   * first; a 409 "already exists" is treated the same way).
   */
  async function createPull(repo: RepoRef, o: CreatePullOptions): Promise<GiteaPullRequest> {
    const open = async () => {
      const pr = await findPull(repo, o.base, o.head)
      return pr && pr.state === 'open' ? pr : undefined
    }
    const existing = await open()
    if (existing) return existing
    if (o.assignees?.length) await ctx.checkUsers(o.assignees)
    try {
      return (
        await ctx.core.request<GiteaPullRequest>({
          method: 'POST',
          path: `${repoPath(repo)}/pulls`,
          body: o,
          check: open,
        })
      ).data
    } catch (err) {
      if (isGiteaError(err, 'TIMMY_ERR_GITEA_CONFLICT')) {
        const pr = await open()
        if (pr) return pr
      }
      throw err
    }
  }

  /** Merge (`do` style, default `merge`). 405 → GITEA_MERGE_NOT_ALLOWED; 409 → GITEA_MERGE_CONFLICT. */
  async function mergePull(repo: RepoRef, index: number, o: MergePullOptions = {}): Promise<void> {
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
        check: async () => ((await getPull(repo, index)).merged ? true : undefined),
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

  return { listPulls, getPull, findPull, createPull, mergePull }
}
