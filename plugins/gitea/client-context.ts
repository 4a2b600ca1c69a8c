/**
 * What every group of client methods shares: the request core (auth, retry, pacing), GET helpers,
 * pagination, label look-ups and the username check.
 */

import type { GiteaLabel, GiteaUser, RepoRef } from './api-types.js'
import type { GiteaClientOptions, PageOptions } from './client-options.js'
import type { GiteaRetryPolicy } from './config-schema.js'
import { E } from './errors.js'
import { isGiteaError } from './gitea-error.js'
import { createRequestCore, type Query, type RequestCore } from './http-request.js'
import { collect, MAX_LIMIT, paginate } from './paginate.js'
import { repoPath } from './repo-ref.js'
import { createWritePacer } from './write-pacer.js'

export type ClientContext = ReturnType<typeof createClientContext>

const DEFAULT_RETRY: GiteaRetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  retryAfterCapMs: 60_000,
}

export function createClientContext(opts: GiteaClientOptions) {
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

  async function getUser(username: string): Promise<GiteaUser | undefined> {
    return getOrUndefined<GiteaUser>(`/users/${encodeURIComponent(username)}`)
  }

  /** Throws GITEA_UNKNOWN_USER naming every username Gitea does not know. */
  async function checkUsers(usernames: readonly string[]): Promise<void> {
    const unknown: string[] = []
    for (const name of new Set(usernames)) if (!(await getUser(name))) unknown.push(name)
    if (unknown.length) throw E.GITEA_UNKNOWN_USER({ users: unknown.join(', ') }, { exitCode: 1 })
  }

  /** The token's user (asked once, then remembered). */
  function whoami(): Promise<GiteaUser> {
    me ??= get<GiteaUser>('/user').catch((err) => {
      me = undefined
      throw err
    })
    return me
  }

  return {
    core,
    now,
    get,
    getOrUndefined,
    iterate,
    list,
    iso,
    listLabels,
    labelIds,
    getUser,
    checkUsers,
    whoami,
  }
}
