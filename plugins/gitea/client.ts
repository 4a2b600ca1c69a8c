/**
 * The typed Gitea client (plain `fetch`, no SDK). Reads paginate (`all` or an async iterator); writes
 * go through the pacer and never repeat a POST blindly. Issues, labels, comments, repos and search are
 * here; pull requests in client-pulls.ts, opening issues in client-issues.ts, commit statuses in
 * client-create-status.ts; shared plumbing in client-context.ts.
 */

import type { GiteaComment, GiteaIssue, GiteaLabel, GiteaRepository, RepoRef } from './api-types.js'
import { checkMethods } from './client-checks.js'
import { createClientContext } from './client-context.js'
import { createStatusMethod } from './client-create-status.js'
import { issueCreateMethods } from './client-issues.js'
import type {
  EditIssueFields,
  GiteaClientOptions,
  ListIssuesOptions,
  PageOptions,
  SearchIssuesOptions,
} from './client-options.js'
import { pullMethods } from './client-pulls.js'
import { E } from './errors.js'
import type { Query } from './http-request.js'
import { repoPath, splitRepo } from './repo-ref.js'

export type * from './client-options.js'

export type GiteaClient = ReturnType<typeof createGiteaClient>

export function createGiteaClient(opts: GiteaClientOptions) {
  const ctx = createClientContext(opts)
  const { core, now, get, iterate, list, iso, labelIds, listLabels, getUser, checkUsers, whoami } = ctx

  const issueQuery = async (repo: RepoRef, o: ListIssuesOptions): Promise<Query | undefined> => {
    if (o.labels?.length) {
      // Gitea drops unknown names, and with none left it drops the filter and returns everything.
      const { missing } = await labelIds(repo, o.labels)
      if (missing.length) return undefined
    }
    return {
      state: o.state ?? 'open',
      type: o.type === 'all' ? undefined : (o.type ?? 'issues'),
      labels: o.labels?.length ? o.labels.join(',') : undefined,
      since: iso(o.since),
      q: o.q,
    }
  }
  const onlyType = (o: { type?: string }) => (i: GiteaIssue) =>
    o.type === 'all' ? true : (o.type ?? 'issues') === 'issues' ? !i.pull_request : Boolean(i.pull_request)

  /** PATCH the issue; Gitea answers 201 (not 200). Assignees are checked first (Gitea answers 500). */
  async function editIssue(repo: RepoRef, index: number, fields: EditIssueFields): Promise<GiteaIssue> {
    if (fields.assignees?.length) await checkUsers(fields.assignees)
    return (
      await core.request<GiteaIssue>({
        method: 'PATCH',
        path: `${repoPath(repo)}/issues/${index}`,
        body: fields,
      })
    ).data
  }

  /** Create a label; `color` as `rrggbb` or `#rrggbb`. A retry first looks the name up. */
  async function createLabel(
    repo: RepoRef,
    name: string,
    color = 'ededed',
    description?: string,
  ): Promise<GiteaLabel> {
    const path = `${repoPath(repo)}/labels`
    return (
      await core.request<GiteaLabel>({
        method: 'POST',
        path,
        body: {
          name,
          color: color.startsWith('#') ? color : `#${color}`,
          ...(description ? { description } : {}),
        },
        check: async () => (await listLabels(repo)).find((l) => l.name === name),
      })
    ).data
  }

  /** All comments of an issue (this endpoint takes no page/limit: one answer holds them all). */
  async function listComments(
    repo: RepoRef,
    index: number,
    o: { since?: string | Date } = {},
  ): Promise<GiteaComment[]> {
    return (
      (await get<GiteaComment[]>(`${repoPath(repo)}/issues/${index}/comments`, { since: iso(o.since) })) ?? []
    )
  }

  return {
    /** The API root, e.g. `https://git.example.com/api/v1`. */
    apiBase: core.apiBase,
    /** Low-level request (with the same auth, retry and pacing). */
    request: core.request,
    whoami,
    getUser,
    checkUsers,
    editIssue,
    createLabel,
    listComments,
    ...pullMethods(ctx),
    ...issueCreateMethods(ctx),
    ...createStatusMethod(ctx),
    ...checkMethods(ctx),

    async listIssues(repo: RepoRef, o: ListIssuesOptions = {}): Promise<GiteaIssue[]> {
      const query = await issueQuery(repo, o)
      if (!query) return []
      return (await list<GiteaIssue>(`${repoPath(repo)}/issues`, query, o)).filter(onlyType(o))
    },

    /** Every matching issue, page after page (bounded concurrency once the total is known). */
    async *issues(
      repo: RepoRef,
      o: Omit<ListIssuesOptions, 'page' | 'all'> = {},
    ): AsyncGenerator<GiteaIssue> {
      const query = await issueQuery(repo, o)
      if (!query) return
      const keep = onlyType(o)
      for await (const issue of iterate<GiteaIssue>(`${repoPath(repo)}/issues`, query, o.limit))
        if (keep(issue)) yield issue
    },

    async getIssue(repo: RepoRef, index: number): Promise<GiteaIssue> {
      return get<GiteaIssue>(`${repoPath(repo)}/issues/${index}`)
    },

    async closeIssue(repo: RepoRef, index: number): Promise<GiteaIssue> {
      return editIssue(repo, index, { state: 'closed' })
    },

    /** Replace the issue's assignees with exactly `usernames` (validated first). */
    async assign(repo: RepoRef, index: number, usernames: readonly string[]): Promise<GiteaIssue> {
      await checkUsers(usernames)
      return (
        await core.request<GiteaIssue>({
          method: 'PATCH',
          path: `${repoPath(repo)}/issues/${index}`,
          body: { assignees: [...usernames] },
        })
      ).data
    },

    listLabels,

    async getLabelId(repo: RepoRef, name: string): Promise<number | undefined> {
      return (await listLabels(repo)).find((l) => l.name === name)?.id
    },

    /** Add labels by name; with `create`, a missing label is created first. Returns all the issue's labels. */
    async addLabels(
      repo: RepoRef,
      index: number,
      names: readonly string[],
      o: { create?: boolean; color?: string } = {},
    ): Promise<GiteaLabel[]> {
      const { ids, missing } = await labelIds(repo, names)
      if (missing.length && !o.create)
        throw E.GITEA_UNKNOWN_LABEL({ repo: fullName(repo), labels: missing.join(', ') }, { exitCode: 1 })
      for (const name of missing) ids.push((await createLabel(repo, name, o.color)).id)
      // Adding labels twice is harmless, so this POST may be retried like a GET.
      return (
        await core.request<GiteaLabel[]>({
          method: 'POST',
          path: `${repoPath(repo)}/issues/${index}/labels`,
          body: { labels: ids },
          idempotent: true,
        })
      ).data
    },

    /** Remove labels by name from an issue; names the issue does not carry (or the repo lacks) are skipped. */
    async removeLabels(repo: RepoRef, index: number, names: readonly string[]): Promise<string[]> {
      const known = await listLabels(repo)
      const removed: string[] = []
      for (const name of names) {
        const id = known.find((l) => l.name === name)?.id
        if (id === undefined) continue
        // Deleting twice is harmless (the second is a 204 too), so this may be retried like a GET.
        await core.request<unknown>({
          method: 'DELETE',
          path: `${repoPath(repo)}/issues/${index}/labels/${id}`,
          idempotent: true,
        })
        removed.push(name)
      }
      return removed
    },

    /** Comment on an issue or PR. After a failure that may have applied, the comment is looked for first. */
    async createComment(repo: RepoRef, index: number, body: string): Promise<GiteaComment> {
      const startedAt = new Date(now() - 60_000)
      const path = `${repoPath(repo)}/issues/${index}/comments`
      return (
        await core.request<GiteaComment>({
          method: 'POST',
          path,
          body: { body },
          // Ours: same body, by the token's user, since just before we started.
          check: async () => {
            const me = (await whoami()).login
            return (await listComments(repo, index, { since: startedAt })).find(
              (c) => c.body === body && c.user?.login === me,
            )
          },
        })
      ).data
    },

    async getRepo(repo: RepoRef): Promise<GiteaRepository> {
      return get<GiteaRepository>(repoPath(repo))
    },

    async listOrgRepos(org: string, o: PageOptions = {}): Promise<GiteaRepository[]> {
      return list<GiteaRepository>(`/orgs/${encodeURIComponent(org)}/repos`, {}, o)
    },

    /** Search across repositories (`labels`: any of them, by name). */
    async searchIssues(o: SearchIssuesOptions = {}): Promise<GiteaIssue[]> {
      const query: Query = {
        q: o.q,
        state: o.state ?? 'open',
        type: o.type,
        labels: o.labels?.length ? o.labels.join(',') : undefined,
        owner: o.owner,
        since: iso(o.since),
      }
      return list<GiteaIssue>('/repos/issues/search', query, o)
    },
  }
}

function fullName(repo: RepoRef): string {
  const { owner, repo: name } = splitRepo(repo)
  return `${owner}/${name}`
}
