/**
 * The typed Gitea client (plain `fetch`, no SDK). Reads paginate (`all` or an async iterator); writes
 * go through the pacer and never repeat a POST blindly. Issues, labels, comments, repos and search are
 * here; pull requests in client-pulls.ts, opening issues in client-issues.ts, commit statuses in
 * client-create-status.ts; shared plumbing in client-context.ts.
 */

import type { GiteaIssue, GiteaRepository, RepoRef } from './api-types.js'
import { addLabels } from './client/add-labels.js'
import { assignIssue } from './client/assign-issue.js'
import { createComment } from './client/create-comment.js'
import { createLabel } from './client/create-label.js'
import { editIssue } from './client/edit-issue.js'
import { iterateIssues } from './client/iterate-issues.js'
import { listComments } from './client/list-comments.js'
import { listIssues } from './client/list-issues.js'
import { removeLabels } from './client/remove-labels.js'
import { searchIssues } from './client/search-issues.js'
import { checkMethods } from './client-checks.js'
import { createClientContext } from './client-context.js'
import { createStatusMethod } from './client-create-status.js'
import { issueCreateMethods } from './client-issues.js'
import type { GiteaClientOptions, PageOptions } from './client-options.js'
import { pullMethods } from './client-pulls.js'
import { repoPath } from './repo-ref.js'

export type * from './client-options.js'

export type GiteaClient = ReturnType<typeof createGiteaClient>

/** The client over one shared context; each issue, label and comment method is a function in `client/`. */
export function createGiteaClient(opts: GiteaClientOptions) {
  const ctx = createClientContext(opts)
  const { core, get, list, listLabels, getUser, checkUsers, whoami } = ctx
  return {
    /** The API root, e.g. `https://git.example.com/api/v1`. */
    apiBase: core.apiBase,
    /** Low-level request (with the same auth, retry and pacing). */
    request: core.request,
    whoami,
    getUser,
    checkUsers,
    editIssue: editIssue.bind(null, ctx),
    createLabel: createLabel.bind(null, ctx),
    listComments: listComments.bind(null, ctx),
    ...pullMethods(ctx),
    ...issueCreateMethods(ctx),
    ...createStatusMethod(ctx),
    ...checkMethods(ctx),
    listIssues: listIssues.bind(null, ctx),
    issues: iterateIssues.bind(null, ctx),
    getIssue: async (repo: RepoRef, index: number): Promise<GiteaIssue> =>
      get<GiteaIssue>(`${repoPath(repo)}/issues/${index}`),
    closeIssue: async (repo: RepoRef, index: number): Promise<GiteaIssue> =>
      editIssue(ctx, repo, index, { state: 'closed' }),
    assign: assignIssue.bind(null, ctx),
    listLabels,
    getLabelId: async (repo: RepoRef, name: string): Promise<number | undefined> =>
      (await listLabels(repo)).find((l) => l.name === name)?.id,
    addLabels: addLabels.bind(null, ctx),
    removeLabels: removeLabels.bind(null, ctx),
    createComment: createComment.bind(null, ctx),
    getRepo: async (repo: RepoRef): Promise<GiteaRepository> => get<GiteaRepository>(repoPath(repo)),
    listOrgRepos: async (org: string, o: PageOptions = {}): Promise<GiteaRepository[]> =>
      list<GiteaRepository>(`/orgs/${encodeURIComponent(org)}/repos`, {}, o),
    searchIssues: searchIssues.bind(null, ctx),
  }
}
