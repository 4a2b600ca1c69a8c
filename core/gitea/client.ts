/**
 * The typed Gitea client (plain `fetch`, no SDK). Reads paginate (`all` or an async iterator); writes
 * go through the pacer and never repeat a POST blindly. See API.md-derived notes beside each method.
 */
import { E } from '../errors.js'
import type {
  CreatePullOptions,
  EditIssueFields,
  GiteaClientOptions,
  ListIssuesOptions,
  ListPullsOptions,
  MergePullOptions,
  PageOptions,
  SearchIssuesOptions,
} from './client-options.js'
import type { GiteaRetryPolicy } from './config-schema.js'
import { GiteaError, isGiteaError } from './gitea-error.js'
import { createRequestCore, type Query, type RequestCore } from './http-request.js'
import { collect, MAX_LIMIT, paginate } from './paginate.js'
import { repoPath, splitRepo } from './repo-ref.js'
import type {
  GiteaComment,
  GiteaIssue,
  GiteaLabel,
  GiteaPullRequest,
  GiteaRepository,
  GiteaUser,
  MergeStyle,
  RepoRef,
} from './types.js'
import { createWritePacer } from './write-pacer.js'

export type * from './client-options.js'

export type GiteaClient = ReturnType<typeof createGiteaClient>

const DEFAULT_RETRY: GiteaRetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  retryAfterCapMs: 60_000,
}

export function createGiteaClient(opts: GiteaClientOptions) {
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const core: RequestCore = createRequestCore({
    baseUrl: opts.url,
    token: opts.token,
    timeoutMs: opts.timeoutMs ?? 15_000,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    pacer: createWritePacer(opts.writesPerMinute ?? 60, { now, sleep }),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    now,
    sleep,
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  })
  const concurrency = opts.pageConcurrency ?? 8
  let me: Promise<GiteaUser> | undefined

  const get = async <T>(path: string, query?: Query) =>
    (await core.request<T>({ method: 'GET', path, ...(query ? { query } : {}) })).data
  const getOrUndefined = async <T>(path: string): Promise<T | undefined> => {
    try {
      return await get<T>(path)
    } catch (err) {
      if (isGiteaError(err, 'TIMMY_ERR_GITEA_NOT_FOUND')) return undefined
      throw err
    }
  }
  const iterate = <T>(path: string, query: Query, limit?: number) =>
    paginate<T>(core, path, query, { concurrency, ...(limit ? { limit } : {}) })
  const list = async <T>(path: string, query: Query, o: PageOptions): Promise<T[]> => {
    if (o.all) return collect(iterate<T>(path, query, o.limit))
    const limit = Math.min(MAX_LIMIT, o.limit ?? MAX_LIMIT)
    return (
      (await core.request<T[]>({ method: 'GET', path, query: { ...query, page: o.page ?? 1, limit } }))
        .data ?? []
    )
  }
  const iso = (d: string | Date | undefined) => (d instanceof Date ? d.toISOString() : d)

  async function listLabels(repo: RepoRef): Promise<GiteaLabel[]> {
    return collect(iterate<GiteaLabel>(`${repoPath(repo)}/labels`, {}))
  }

  async function labelIds(
    repo: RepoRef,
    names: readonly string[],
  ): Promise<{ ids: number[]; missing: string[] }> {
    const labels = await listLabels(repo)
    const ids: number[] = []
    const missing: string[] = []
    for (const name of names) {
      const found = labels.find((l) => l.name === name)
      if (found) ids.push(found.id)
      else missing.push(name)
    }
    return { ids, missing }
  }

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

  return {
    /** The API root, e.g. `https://git.example.com/api/v1`. */
    apiBase: core.apiBase,
    /** Low-level request (with the same auth, retry and pacing). */
    request: core.request,

    /** The token's user (asked once, then remembered). */
    async whoami(): Promise<GiteaUser> {
      me ??= get<GiteaUser>('/user').catch((err) => {
        me = undefined
        throw err
      })
      return me
    },

    async getUser(username: string): Promise<GiteaUser | undefined> {
      return getOrUndefined<GiteaUser>(`/users/${encodeURIComponent(username)}`)
    },

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

    /** PATCH the issue; Gitea answers 201 (not 200). Assignees are checked first (Gitea answers 500). */
    async editIssue(repo: RepoRef, index: number, fields: EditIssueFields): Promise<GiteaIssue> {
      if (fields.assignees?.length) await this.checkUsers(fields.assignees)
      return (
        await core.request<GiteaIssue>({
          method: 'PATCH',
          path: `${repoPath(repo)}/issues/${index}`,
          body: fields,
        })
      ).data
    },

    async closeIssue(repo: RepoRef, index: number): Promise<GiteaIssue> {
      return this.editIssue(repo, index, { state: 'closed' })
    },

    /** Throws GITEA_UNKNOWN_USER naming every username Gitea does not know. */
    async checkUsers(usernames: readonly string[]): Promise<void> {
      const unknown: string[] = []
      for (const name of new Set(usernames)) if (!(await this.getUser(name))) unknown.push(name)
      if (unknown.length) throw E.GITEA_UNKNOWN_USER({ users: unknown.join(', ') }, { exitCode: 1 })
    },

    /** Replace the issue's assignees with exactly `usernames` (validated first). */
    async assign(repo: RepoRef, index: number, usernames: readonly string[]): Promise<GiteaIssue> {
      await this.checkUsers(usernames)
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

    /** Create a label; `color` as `rrggbb` or `#rrggbb`. A retry first looks the name up. */
    async createLabel(
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
      for (const name of missing) ids.push((await this.createLabel(repo, name, o.color)).id)
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

    /** All comments of an issue (this endpoint takes no page/limit: one answer holds them all). */
    async listComments(
      repo: RepoRef,
      index: number,
      o: { since?: string | Date } = {},
    ): Promise<GiteaComment[]> {
      return (
        (await get<GiteaComment[]>(`${repoPath(repo)}/issues/${index}/comments`, { since: iso(o.since) })) ??
        []
      )
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
            const me = (await this.whoami()).login
            return (await this.listComments(repo, index, { since: startedAt })).find(
              (c) => c.body === body && c.user?.login === me,
            )
          },
        })
      ).data
    },

    async listPulls(repo: RepoRef, o: ListPullsOptions = {}): Promise<GiteaPullRequest[]> {
      let labels: number[] | undefined
      if (o.labels?.length) {
        const found = await labelIds(repo, o.labels)
        if (found.missing.length) return []
        labels = found.ids
      }
      return list<GiteaPullRequest>(
        `${repoPath(repo)}/pulls`,
        { state: o.state ?? 'open', labels, base_branch: o.base },
        o,
      )
    },

    async getPull(repo: RepoRef, index: number): Promise<GiteaPullRequest> {
      return get<GiteaPullRequest>(`${repoPath(repo)}/pulls/${index}`)
    },

    async findPull(repo: RepoRef, base: string, head: string): Promise<GiteaPullRequest | undefined> {
      return getOrUndefined<GiteaPullRequest>(
        // Gitea routes `/pulls/{base}/*`: the head may hold slashes (fix/x), sent as they are.
        `${repoPath(repo)}/pulls/${encodeURIComponent(base)}/${head.split('/').map(encodeURIComponent).join('/')}`,
      )
    },

    /**
     * Open a PR, idempotently: an open PR for the same base/head is returned as it is (looked up
     * first; a 409 "already exists" is treated the same way).
     */
    async createPull(repo: RepoRef, o: CreatePullOptions): Promise<GiteaPullRequest> {
      const open = async () => {
        const pr = await this.findPull(repo, o.base, o.head)
        return pr && pr.state === 'open' ? pr : undefined
      }
      const existing = await open()
      if (existing) return existing
      if (o.assignees?.length) await this.checkUsers(o.assignees)
      try {
        return (
          await core.request<GiteaPullRequest>({
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
    },

    /** Merge (`do` style, default `merge`). 405 → GITEA_MERGE_NOT_ALLOWED; 409 → GITEA_MERGE_CONFLICT. */
    async mergePull(repo: RepoRef, index: number, o: MergePullOptions = {}): Promise<void> {
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
        await core.request({
          method: 'POST',
          path,
          body,
          check: async () => ((await this.getPull(repo, index)).merged ? true : undefined),
        })
      } catch (err) {
        if (isGiteaError(err) && (err.status === 405 || err.status === 409)) {
          const message =
            err.status === 409 && err.conflict
              ? String(err.conflict.StdErr || err.conflict.Err || err.apiMessage || 'merge conflict')
              : err.apiMessage
          throw new GiteaError(
            err.status === 405 ? 'GITEA_MERGE_NOT_ALLOWED' : 'GITEA_MERGE_CONFLICT',
            { path: err.path, message: core.scrub(message) },
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
