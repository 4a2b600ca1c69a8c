/** Options of the Gitea client and of its methods. */
import type { Logger } from '../../core/log.js'
import type { MergeStyle } from './api-types.js'
import type { GiteaRetryPolicy } from './config-schema.js'

export interface GiteaClientOptions {
  url: string
  token: string
  timeoutMs?: number
  retry?: Partial<GiteaRetryPolicy>
  writesPerMinute?: number
  pageConcurrency?: number
  fetch?: typeof fetch
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  log?: Logger
}

export interface PageOptions {
  /** One page (1-based); without `page` or `all`, the first page. */
  page?: number
  /** Every page. */
  all?: boolean
  limit?: number
}

export interface ListIssuesOptions extends PageOptions {
  state?: 'open' | 'closed' | 'all'
  /** Default `issues`: pull requests are left out (told apart by `pull_request`). */
  type?: 'issues' | 'pulls' | 'all'
  /** Label names, ANDed (an unknown name means no issue can match). */
  labels?: readonly string[]
  since?: string | Date
  q?: string
}

export interface ListPullsOptions extends PageOptions {
  state?: 'open' | 'closed' | 'all'
  /** Label names (sent as ids, repeated). */
  labels?: readonly string[]
  base?: string
}

export interface SearchIssuesOptions extends PageOptions {
  q?: string
  state?: 'open' | 'closed' | 'all'
  type?: 'issues' | 'pulls'
  /** Any of these label names. */
  labels?: readonly string[]
  owner?: string
  since?: string | Date
}

export interface EditIssueFields {
  title?: string
  body?: string
  state?: 'open' | 'closed'
  assignees?: string[]
  milestone?: number
  due_date?: string
  content_version?: number
}

export interface CreatePullOptions {
  head: string
  base: string
  title: string
  body?: string
  assignees?: string[]
  labels?: number[]
}

export interface MergePullOptions {
  do?: MergeStyle
  title?: string
  message?: string
  deleteBranch?: boolean
  headCommitId?: string
  forceMerge?: boolean
}
