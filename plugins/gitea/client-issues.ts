/**
 * Opening an issue (POST /repos/{owner}/{repo}/issues → 201 Issue). `labels` are names here; Gitea
 * takes ids, so unknown names are an error (GITEA_UNKNOWN_LABEL) rather than silently dropped. After a
 * failure that may have applied, the issue is looked for first (same title, by the token's user, open,
 * created since just before we started), so a retry never opens a second one.
 */

import type { GiteaIssue, RepoRef } from './api-types.js'
import type { ClientContext } from './client-context.js'
import { E } from './errors.js'
import { repoPath } from './repo-ref.js'

export interface CreateIssueOptions {
  title: string
  body?: string
  /** Label names (must exist in the repo). */
  labels?: readonly string[]
  assignees?: readonly string[]
}

export function issueCreateMethods(ctx: ClientContext) {
  async function createIssue(repo: RepoRef, o: CreateIssueOptions): Promise<GiteaIssue> {
    const startedAt = new Date(ctx.now() - 60_000)
    let labels: number[] | undefined
    if (o.labels?.length) {
      const found = await ctx.labelIds(repo, o.labels)
      if (found.missing.length)
        throw E.GITEA_UNKNOWN_LABEL(
          {
            repo: typeof repo === 'string' ? repo : `${repo.owner}/${repo.repo}`,
            labels: found.missing.join(', '),
          },
          { exitCode: 1 },
        )
      labels = found.ids
    }
    if (o.assignees?.length) await ctx.checkUsers(o.assignees)
    const path = `${repoPath(repo)}/issues`
    return (
      await ctx.core.request<GiteaIssue>({
        method: 'POST',
        path,
        body: {
          title: o.title,
          ...(o.body !== undefined ? { body: o.body } : {}),
          ...(labels ? { labels } : {}),
          ...(o.assignees?.length ? { assignees: [...o.assignees] } : {}),
        },
        check: async () => {
          const me = (await ctx.whoami()).login
          const recent = await ctx.list<GiteaIssue>(
            path,
            { state: 'open', type: 'issues', since: startedAt.toISOString() },
            {},
          )
          return recent.find((i) => i.title === o.title && i.user?.login === me)
        },
      })
    ).data
  }
  return { createIssue }
}
