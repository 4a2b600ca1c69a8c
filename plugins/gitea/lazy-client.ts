/**
 * A Gitea client whose code (client.ts and its ~50 modules) is imported on its first request: the
 * `gitea` service hands this out, so a boot that never talks to Gitea never loads it. Every member of
 * GiteaClient is here (a new client method is a type error until it is added).
 */
import { apiBaseOf } from './api-base.js'
import type { GiteaClient, GiteaClientOptions } from './client.js'

let code: Promise<typeof import('./client.js')> | undefined
const loadClient = () => (code ??= import('./client.js'))

type AsyncMethod = {
  [K in keyof GiteaClient]: GiteaClient[K] extends (...args: never[]) => Promise<unknown> ? K : never
}[keyof GiteaClient]

export function createLazyGiteaClient(opts: GiteaClientOptions): GiteaClient {
  let real: Promise<GiteaClient> | undefined
  const client = () => (real ??= loadClient().then((m) => m.createGiteaClient(opts)))
  const via = <K extends AsyncMethod>(name: K): GiteaClient[K] => {
    const call = async (...args: unknown[]) => {
      const method = (await client())[name] as (...a: unknown[]) => Promise<unknown>
      return method(...args)
    }
    return call as GiteaClient[K]
  }
  return {
    apiBase: apiBaseOf(opts.url),
    request: via('request'),
    whoami: via('whoami'),
    getUser: via('getUser'),
    checkUsers: via('checkUsers'),
    editIssue: via('editIssue'),
    createLabel: via('createLabel'),
    listComments: via('listComments'),
    listPulls: via('listPulls'),
    getPull: via('getPull'),
    findPull: via('findPull'),
    createPull: via('createPull'),
    mergePull: via('mergePull'),
    createIssue: via('createIssue'),
    createStatus: via('createStatus'),
    getCombinedStatus: via('getCombinedStatus'),
    listPullReviews: via('listPullReviews'),
    getPullDiff: via('getPullDiff'),
    listIssues: via('listIssues'),
    async *issues(...args: Parameters<GiteaClient['issues']>) {
      yield* (await client()).issues(...args)
    },
    getIssue: via('getIssue'),
    closeIssue: via('closeIssue'),
    assign: via('assign'),
    listLabels: via('listLabels'),
    getLabelId: via('getLabelId'),
    addLabels: via('addLabels'),
    removeLabels: via('removeLabels'),
    createComment: via('createComment'),
    getRepo: via('getRepo'),
    listOrgRepos: via('listOrgRepos'),
    searchIssues: via('searchIssues'),
  }
}
