/**
 * The fake Gitea's in-memory data (users, repos, labels, issues, PRs, comments) and the JSON shapes it
 * renders, field for field as Gitea's `services/convert` writes them for the fields tests care about.
 * Issues and PRs share one number sequence per repo, as in Gitea.
 */

export interface FakeUser {
  id: number
  login: string
  fullName: string
  isAdmin: boolean
}

export interface FakeLabel {
  id: number
  name: string
  color: string
  description: string
}

export interface FakeComment {
  id: number
  issue: number
  body: string
  user: string
  createdAt: number
}

export interface FakeIssue {
  id: number
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  user: string
  labels: number[]
  assignees: string[]
  createdAt: number
  updatedAt: number
  closedAt: number | null
  locked: boolean
  contentVersion: number
  comments: number
  pull?: FakePull
}

export interface FakePull {
  id: number
  head: string
  base: string
  headSha: string
  mergeable: boolean
  /** A 409 conflict on merge (`{Style, StdOut, StdErr, Err}`). */
  conflict: boolean
  draft: boolean
  merged: boolean
  mergedAt: number | null
  mergeCommitSha: string | null
  /** The unified diff `GET …/pulls/{index}.diff` answers (see fake-gitea-check-routes.ts). */
  diff?: string
  reviews?: FakeReview[]
}

export interface FakeReview {
  id: number
  user: string
  state: 'APPROVED' | 'PENDING' | 'COMMENT' | 'REQUEST_CHANGES' | 'REQUEST_REVIEW'
  body: string
  commitId: string
  stale: boolean
  dismissed: boolean
  submittedAt: number
}

export interface FakeStatus {
  id: number
  sha: string
  context: string
  state: 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped'
  description: string
  targetUrl: string
  creator: string
  createdAt: number
}

export interface FakeRepo {
  id: number
  owner: string
  name: string
  private: boolean
  archived: boolean
  defaultBranch: string
  branches: Set<string>
  collaborators: Set<string>
  labels: FakeLabel[]
  issues: FakeIssue[]
  comments: FakeComment[]
  nextNumber: number
  createdAt: number
  /** Commit statuses by sha (oldest first), as CI posts them. */
  statuses?: FakeStatus[]
}

export class FakeState {
  users = new Map<string, FakeUser>()
  repos = new Map<string, FakeRepo>()
  private seq = 100
  constructor(
    public rootUrl: string,
    public now: () => number,
  ) {}

  nextId(): number {
    return ++this.seq
  }

  addUser(login: string, o: { fullName?: string; isAdmin?: boolean } = {}): FakeUser {
    const u = { id: this.nextId(), login, fullName: o.fullName ?? login, isAdmin: o.isAdmin ?? false }
    this.users.set(login, u)
    return u
  }

  repo(full: string): FakeRepo | undefined {
    return this.repos.get(full.toLowerCase())
  }

  // ── JSON renderers ────────────────────────────────────────────────────────────────────────────

  iso(ms: number | null): string | null {
    return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  userJson(login: string): Record<string, unknown> {
    const u = this.users.get(login) ?? { id: -1, login, fullName: login, isAdmin: false }
    return {
      id: u.id,
      login: u.login,
      login_name: '',
      source_id: 0,
      full_name: u.fullName,
      email: `${u.login}@noreply.fake.gitea`,
      avatar_url: `${this.rootUrl}avatars/${u.id}`,
      html_url: `${this.rootUrl}${u.login}`,
      language: '',
      is_admin: u.isAdmin,
      last_login: '0001-01-01T00:00:00Z',
      created: '2025-01-01T00:00:00Z',
      restricted: false,
      active: false,
      prohibit_login: false,
      location: '',
      website: '',
      description: '',
      visibility: 'public',
      followers_count: 0,
      following_count: 0,
      starred_repos_count: 0,
      username: u.login,
    }
  }

  labelJson(repo: FakeRepo, l: FakeLabel): Record<string, unknown> {
    return {
      id: l.id,
      name: l.name,
      exclusive: false,
      is_archived: false,
      color: l.color,
      description: l.description,
      url: `${this.rootUrl}api/v1/repos/${repo.owner}/${repo.name}/labels/${l.id}`,
    }
  }

  repoJson(r: FakeRepo): Record<string, unknown> {
    const base = `${this.rootUrl}${r.owner}/${r.name}`
    return {
      id: r.id,
      owner: this.userJson(r.owner),
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      description: '',
      empty: false,
      private: r.private,
      fork: false,
      template: false,
      mirror: false,
      size: 0,
      language: '',
      languages_url: `${this.rootUrl}api/v1/repos/${r.owner}/${r.name}/languages`,
      html_url: base,
      url: `${this.rootUrl}api/v1/repos/${r.owner}/${r.name}`,
      link: '',
      ssh_url: `git@fake.gitea:${r.owner}/${r.name}.git`,
      clone_url: `${base}.git`,
      original_url: '',
      website: '',
      stars_count: 0,
      forks_count: 0,
      watchers_count: 0,
      branch_count: r.branches.size,
      open_issues_count: r.issues.filter((i) => !i.pull && i.state === 'open').length,
      open_pr_counter: r.issues.filter((i) => i.pull && i.state === 'open').length,
      release_counter: 0,
      default_branch: r.defaultBranch,
      archived: r.archived,
      created_at: this.iso(r.createdAt),
      updated_at: this.iso(r.createdAt),
      archived_at: '1970-01-01T00:00:00Z',
      permissions: { admin: true, push: true, pull: true },
      has_code: true,
      has_issues: true,
      internal_tracker: {
        enable_time_tracker: true,
        allow_only_contributors_to_track_time: true,
        enable_issue_dependencies: true,
      },
      has_wiki: true,
      has_pull_requests: true,
      has_projects: true,
      projects_mode: 'all',
      has_releases: true,
      has_packages: true,
      has_actions: true,
      ignore_whitespace_conflicts: false,
      allow_merge_commits: true,
      allow_rebase: true,
      allow_rebase_explicit: true,
      allow_squash_merge: true,
      allow_fast_forward_only_merge: true,
      allow_merge_update: true,
      allow_rebase_update: true,
      allow_manual_merge: false,
      autodetect_manual_merge: false,
      default_delete_branch_after_merge: false,
      default_merge_style: 'merge',
      default_update_style: 'merge',
      default_allow_maintainer_edit: false,
      avatar_url: '',
      internal: false,
      mirror_interval: '',
      object_format_name: 'sha1',
      mirror_updated: '0001-01-01T00:00:00Z',
      mirror_last_sync_at: '0001-01-01T00:00:00Z',
      topics: [],
      licenses: [],
    }
  }

  private prMeta(r: FakeRepo, i: FakeIssue): Record<string, unknown> | null {
    if (!i.pull) return null
    return {
      merged: i.pull.merged,
      merged_at: this.iso(i.pull.mergedAt),
      draft: i.pull.draft,
      html_url: `${this.rootUrl}${r.owner}/${r.name}/pulls/${i.number}`,
    }
  }

  issueJson(r: FakeRepo, i: FakeIssue): Record<string, unknown> {
    const kind = i.pull ? 'pulls' : 'issues'
    const assignees = i.assignees.map((a) => this.userJson(a))
    return {
      id: i.id,
      url: `${this.rootUrl}api/v1/repos/${r.owner}/${r.name}/issues/${i.number}`,
      html_url: `${this.rootUrl}${r.owner}/${r.name}/${kind}/${i.number}`,
      number: i.number,
      user: this.userJson(i.user),
      original_author: '',
      original_author_id: 0,
      title: i.title,
      body: i.body,
      ref: '',
      assets: [],
      labels: i.labels.map((id) => this.labelJson(r, r.labels.find((l) => l.id === id)!)),
      milestone: null,
      projects: null,
      assignee: assignees[0] ?? null,
      assignees: assignees.length ? assignees : null,
      state: i.state,
      is_locked: i.locked,
      comments: i.comments,
      created_at: this.iso(i.createdAt),
      updated_at: this.iso(i.updatedAt),
      closed_at: this.iso(i.closedAt),
      due_date: null,
      time_estimate: 0,
      pull_request: this.prMeta(r, i),
      repository: { id: r.id, name: r.name, owner: r.owner, full_name: `${r.owner}/${r.name}` },
      pin_order: 0,
      content_version: i.contentVersion,
    }
  }

  branchJson(r: FakeRepo, ref: string, sha: string): Record<string, unknown> {
    return { label: ref, ref, sha, repo_id: r.id, repo: this.repoJson(r) }
  }

  pullJson(r: FakeRepo, i: FakeIssue): Record<string, unknown> {
    const p = i.pull!
    const html = `${this.rootUrl}${r.owner}/${r.name}/pulls/${i.number}`
    const assignees = i.assignees.map((a) => this.userJson(a))
    return {
      id: p.id,
      url: html,
      number: i.number,
      user: this.userJson(i.user),
      title: i.title,
      body: i.body,
      labels: i.labels.map((id) => this.labelJson(r, r.labels.find((l) => l.id === id)!)),
      milestone: null,
      assignee: assignees[0] ?? null,
      assignees: assignees.length ? assignees : null,
      requested_reviewers: null,
      requested_reviewers_teams: null,
      state: i.state,
      draft: p.draft,
      is_locked: i.locked,
      comments: i.comments,
      review_comments: 0,
      additions: 1,
      deletions: 0,
      changed_files: 1,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      mergeable: p.mergeable && !p.conflict,
      merged: p.merged,
      merged_at: this.iso(p.mergedAt),
      merge_commit_sha: p.mergeCommitSha,
      merged_by: p.merged ? this.userJson(i.user) : null,
      allow_maintainer_edit: false,
      base: this.branchJson(r, p.base, 'b'.repeat(40)),
      head: this.branchJson(r, p.head, p.headSha),
      merge_base: 'c'.repeat(40),
      due_date: null,
      created_at: this.iso(i.createdAt),
      updated_at: this.iso(i.updatedAt),
      closed_at: this.iso(i.closedAt),
      pin_order: 0,
      content_version: i.contentVersion,
    }
  }

  commentJson(r: FakeRepo, c: FakeComment): Record<string, unknown> {
    const issue = r.issues.find((i) => i.number === c.issue)
    return {
      id: c.id,
      html_url: `${this.rootUrl}${r.owner}/${r.name}/issues/${c.issue}#issuecomment-${c.id}`,
      pull_request_url: issue?.pull ? `${this.rootUrl}${r.owner}/${r.name}/pulls/${c.issue}` : '',
      issue_url: issue?.pull ? '' : `${this.rootUrl}${r.owner}/${r.name}/issues/${c.issue}`,
      user: this.userJson(c.user),
      original_author: '',
      original_author_id: 0,
      body: c.body,
      assets: [],
      created_at: this.iso(c.createdAt),
      updated_at: this.iso(c.createdAt),
    }
  }
}
