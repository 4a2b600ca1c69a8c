import type { TriageService } from './index.js'

/** The fields of a Gitea issue and pull request that triage reads (Gitea's JSON field names). */
export interface TriageIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  labels: { name: string }[]
  user: { login: string }
  assignees: { login: string }[] | null
  milestone: { title: string } | null
  created_at: string
  updated_at: string
  /** Non-null exactly when the item is a pull request. */
  pull_request?: unknown
  /** `owner/repo` (set by the reader; Gitea puts it in `repository.full_name`). */
  repo: string
}

export interface TriagePull {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  head: { ref: string }
  repo: string
}

/** A write triage wants, as an effect the Gitea plugin applies (`gitea.label`, `gitea.assign`, …). */
export type TriageEffect =
  | { kind: 'gitea.label'; repo: string; issue: number; labels: string[]; colors?: Record<string, string> }
  | { kind: 'gitea.unlabel'; repo: string; issue: number; labels: string[] }
  | { kind: 'gitea.assign'; repo: string; issue: number; assignees: string[] }
  | { kind: 'gitea.comment'; repo: string; issue: number; body: string }
  | { kind: 'gitea.close'; repo: string; issue: number }

/** What one sweep would change on one issue, and why. */
export interface IssueChange {
  repo: string
  issue: number
  title: string
  reason: string
  effects: TriageEffect[]
}

export type { TriageService }

declare module '../../core/plugin.js' {
  interface Services {
    triage: TriageService
  }
}
