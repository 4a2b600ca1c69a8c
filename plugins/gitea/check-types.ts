/**
 * What Gitea answers about a pull request's checks (modules/structs/status.go, pull_review.go):
 * the combined commit status of a ref and the PR's reviews. Field names are Gitea's JSON names.
 */
import type { GiteaUser } from './api-types.js'

/** `""` when the commit has no status at all (Gitea then answers an empty CombinedStatus). */
export type GiteaCommitStatusState = 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped' | ''

export interface GiteaCommitStatus {
  id: number
  status: GiteaCommitStatusState
  context: string
  description: string
  target_url: string
  url: string
  created_at: string
  updated_at: string
  creator: GiteaUser | null
}

export interface GiteaCombinedStatus {
  state: GiteaCommitStatusState
  sha: string
  total_count: number
  /** The latest status per context; null when there is none. */
  statuses: GiteaCommitStatus[] | null
  commit_url: string
  url: string
}

export type GiteaReviewState = 'APPROVED' | 'PENDING' | 'COMMENT' | 'REQUEST_CHANGES' | 'REQUEST_REVIEW'

export interface GiteaPullReview {
  id: number
  user: GiteaUser | null
  state: GiteaReviewState
  body: string
  commit_id: string
  stale: boolean
  official: boolean
  dismissed: boolean
  submitted_at: string
}
