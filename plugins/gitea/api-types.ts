/**
 * Hand-written types for the Gitea fields timmy uses (the spec's schemas have many more; unknown
 * fields pass through untouched). Names follow Gitea's JSON (snake_case).
 */

export interface GiteaUser {
  id: number
  login: string
  /** Gitea adds a copy of `login` (User.MarshalJSON); not in the spec. */
  username?: string
  full_name?: string
  email?: string
  html_url?: string
  is_admin?: boolean
}

export interface GiteaLabel {
  id: number
  name: string
  /** Without the leading `#`. */
  color: string
  description?: string
  exclusive?: boolean
  is_archived?: boolean
  url?: string
}

export interface GiteaPullRequestMeta {
  merged: boolean
  merged_at: string | null
  draft?: boolean
  html_url?: string
}

export interface GiteaRepositoryMeta {
  id: number
  name: string
  owner: string
  full_name: string
}

export interface GiteaIssue {
  id: number
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  url: string
  html_url: string
  user: GiteaUser
  labels: GiteaLabel[]
  assignee: GiteaUser | null
  assignees: GiteaUser[] | null
  comments: number
  created_at: string
  updated_at: string
  closed_at: string | null
  /** Non-null exactly when the item is a pull request. */
  pull_request: GiteaPullRequestMeta | null
  repository?: GiteaRepositoryMeta
  is_locked?: boolean
  content_version?: number
}

export interface GiteaComment {
  id: number
  body: string
  user: GiteaUser
  html_url: string
  issue_url: string
  created_at: string
  updated_at: string
}

export interface GiteaBranchInfo {
  label: string
  ref: string
  sha: string
  repo_id: number
  repo?: GiteaRepository
}

export interface GiteaPullRequest {
  id: number
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  /** The HTML URL (services/convert/pull.go). */
  url: string
  html_url: string
  user: GiteaUser
  labels: GiteaLabel[]
  assignees: GiteaUser[] | null
  head: GiteaBranchInfo
  base: GiteaBranchInfo
  mergeable: boolean
  merged: boolean
  merged_at: string | null
  merge_commit_sha: string | null
  draft?: boolean
  created_at: string
  updated_at: string
  closed_at: string | null
}

export interface GiteaRepository {
  id: number
  name: string
  full_name: string
  owner: GiteaUser
  private: boolean
  archived: boolean
  default_branch: string
  html_url: string
  clone_url?: string
  open_issues_count?: number
  open_pr_counter?: number
}

export type MergeStyle =
  | 'merge'
  | 'rebase'
  | 'rebase-merge'
  | 'squash'
  | 'fast-forward-only'
  | 'manually-merged'

/** `owner/name`. */
export type RepoRef = string | { owner: string; repo: string }

// ── webhook payloads (not in the spec; written over the spec's schemas) ──────────────────────────

export interface GiteaPayloadBase {
  repository?: GiteaRepository
  sender?: GiteaUser
  [extra: string]: unknown
}

export interface GiteaPushPayload extends GiteaPayloadBase {
  ref: string
  before: string
  after: string
  compare_url: string
  commits: {
    id: string
    message: string
    url: string
    added?: string[]
    removed?: string[]
    modified?: string[]
  }[]
  total_commits?: number
  pusher?: GiteaUser
}

export interface GiteaIssuesPayload extends GiteaPayloadBase {
  action: string
  number: number
  issue: GiteaIssue
  changes?: unknown
}

export interface GiteaIssueCommentPayload extends GiteaPayloadBase {
  action: 'created' | 'edited' | 'deleted'
  issue: GiteaIssue
  comment: GiteaComment
  is_pull: boolean
  pull_request?: GiteaPullRequest
}

export interface GiteaPullRequestPayload extends GiteaPayloadBase {
  action: string
  number: number
  pull_request: GiteaPullRequest
}
