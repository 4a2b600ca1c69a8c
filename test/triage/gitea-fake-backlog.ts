/** The triage backlog (./backlog.ts) created in the fake Gitea, with the timmy config that sweeps it. */
import type { FakeGitea } from '../gitea/fake-gitea.js'
import { makeBacklog, NOW } from './backlog.js'

export const REPOS = ['fleet/api', 'fleet/web']
export const EXEMPT_LABELS = ['pinned', 'security', 'lifecycle/frozen', 'keep-open']

export const RULES = {
  mode: 'first-match',
  labelColors: { bug: '#d73a4a', security: '#b60205' },
  rules: [
    {
      name: 'security',
      match: { title: '/security|leak/i' },
      actions: { labels: ['security'], lane: 'reviewer', priority: 'p1' },
    },
    {
      name: 'bugs',
      match: { title: '/crash|error|bug/i' },
      actions: { labels: ['bug'], lane: 'coder', comment: 'Routed to the {{lane}} lane by rule {{rule}}.' },
    },
    { name: 'docs', match: { title: '/docs|typo/i' }, actions: { labels: ['docs'], priority: 'p3' } },
  ],
}

/**
 * Create `count` mixed open issues (labels, assignees, authors, ages, linked PRs) in the fake, dated
 * relative to `base` (the sweep's now). Returns, per repo, the fake numbers of issues that must never
 * be closed (exempt label, priority, triaged, linked PR).
 */
export function seedBacklog(fake: FakeGitea, count: number, base: number, seed = 11): Set<string> {
  const { issues, pulls } = makeBacklog(count, seed)
  const shift = base - NOW
  for (const repo of REPOS) fake.addRepo(repo)
  for (const login of [
    'alice',
    'dependabot',
    'coder',
    'reviewer',
    'ops',
    ...Array.from({ length: 17 }, (_, i) => `user${i}`),
  ])
    fake.addUser(login)
  const protectedIssues = new Set<string>()
  const numberOf = new Map<string, number>()
  for (const i of issues) {
    const created = fake.addIssue(i.repo, {
      title: i.title,
      body: i.body,
      user: i.user.login,
      // The backlog's agent user is this fleet's coder lane's wizard.
      assignees: (i.assignees ?? []).map((a) => (a.login === 'timmy-coder' ? 'coder' : a.login)),
      labels: i.labels.map((l) => l.name),
    })
    created.createdAt = Date.parse(i.created_at) + shift
    created.updatedAt = Date.parse(i.updated_at) + shift
    numberOf.set(`${i.repo}#${i.number}`, created.number)
    const names = i.labels.map((l) => l.name)
    if (names.some((n) => EXEMPT_LABELS.includes(n) || n.startsWith('priority/') || n === 'triaged'))
      protectedIssues.add(`${i.repo}#${created.number}`)
  }
  for (const p of pulls) {
    const n = numberOf.get(`${p.repo}#${p.number - 10_000}`)!
    fake.addPull(p.repo, { head: `fix/issue-${n}`, title: `Fix #${n}` })
    protectedIssues.add(`${p.repo}#${n}`)
  }
  return protectedIssues
}

export function triageConfig(fake: FakeGitea, ceiling: number) {
  return {
    pluginOptions: {
      gitea: { url: fake.url, token: fake.token, writesPerMinute: 0 },
      triage: { repos: REPOS, rules: RULES, ceiling },
    },
  }
}
