/**
 * What every group of client methods shares: the request core (auth, retry, pacing), GET helpers,
 * pagination, label look-ups and the username check.
 */

import type { GiteaLabel, GiteaUser, RepoRef } from './api-types.js'
import type { GiteaClientOptions, PageOptions } from './client-options.js'
import type { ContextState } from './context/context-state.js'
import { getJson, getOrUndefined } from './context/get-json.js'
import { labelIds, listRepoLabels } from './context/label-lookups.js'
import { iteratePages, listPage } from './context/list-pages.js'
import { openRequestCore } from './context/open-request-core.js'
import { checkUsers, getUser, whoami } from './context/user-lookups.js'
import type { Query } from './http-request.js'

export type ClientContext = ReturnType<typeof createClientContext>

/** The shared context over one state; its helpers are functions in `context/`. */
export function createClientContext(opts: GiteaClientOptions) {
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const s: ContextState = {
    core: openRequestCore(opts, now, sleep),
    now,
    concurrency: opts.pageConcurrency ?? 8,
  }
  return {
    core: s.core,
    now,
    get: <T>(path: string, query?: Query): Promise<T> => getJson<T>(s, path, query),
    getOrUndefined: <T>(path: string): Promise<T | undefined> => getOrUndefined<T>(s, path),
    iterate: <T>(path: string, query: Query, limit?: number) => iteratePages<T>(s, path, query, limit),
    list: <T>(path: string, query: Query, o: PageOptions): Promise<T[]> => listPage<T>(s, path, query, o),
    iso: (d: string | Date | undefined) => (d instanceof Date ? d.toISOString() : d),
    listLabels: (repo: RepoRef): Promise<GiteaLabel[]> => listRepoLabels(s, repo),
    labelIds: (repo: RepoRef, names: readonly string[]) => labelIds(s, repo, names),
    getUser: (username: string): Promise<GiteaUser | undefined> => getUser(s, username),
    checkUsers: (usernames: readonly string[]): Promise<void> => checkUsers(s, usernames),
    whoami: (): Promise<GiteaUser> => whoami(s),
  }
}
