/** A deterministic backlog of mixed issues, and a tiny applier of triage effects, for triage tests. */
import type { TriageEffect, TriageIssue, TriagePull } from '../../plugins/triage/types.js'

export const NOW = Date.parse('2026-06-01T12:00:00Z')
const DAY = 86_400_000

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TITLES = [
  'Crash when opening settings',
  'Error: cannot read property of undefined',
  'Refactor the session store',
  'Add dark mode',
  'Security: token leaked in logs',
  'Docs typo in README',
  'Flaky test in CI',
  'Feature request: export to CSV',
  'Bug: wrong total in report',
  'Question about deployment',
]

export function makeBacklog(count: number, seed = 7): { issues: TriageIssue[]; pulls: TriagePull[] } {
  const r = rng(seed)
  const issues: TriageIssue[] = []
  const pulls: TriagePull[] = []
  for (let i = 1; i <= count; i++) {
    const repo = r() < 0.5 ? 'fleet/api' : 'fleet/web'
    const title = TITLES[Math.floor(r() * TITLES.length)]!
    const labels: { name: string }[] = []
    const roll = r()
    if (roll < 0.08) labels.push({ name: 'priority/p1' })
    else if (roll < 0.14) labels.push({ name: 'triaged' })
    else if (roll < 0.18) labels.push({ name: 'pinned' })
    else if (roll < 0.22) labels.push({ name: 'stale' })
    const ageDays = Math.floor(r() * 200)
    const idleDays = Math.floor(r() * Math.min(ageDays + 1, 120))
    const assigned = r() < 0.15 ? [{ login: r() < 0.5 ? 'timmy-coder' : 'alice' }] : []
    issues.push({
      number: i,
      title,
      body: r() < 0.3 ? `Steps to reproduce ${i}` : '',
      state: 'open',
      labels,
      user: { login: r() < 0.2 ? 'dependabot' : `user${i % 17}` },
      assignees: assigned,
      milestone: r() < 0.07 ? { title: 'v2' } : null,
      created_at: new Date(NOW - ageDays * DAY).toISOString(),
      updated_at: new Date(NOW - idleDays * DAY - (r() < 0.5 ? 3_600_000 : 0)).toISOString(),
      repo,
    })
    if (r() < 0.06) {
      pulls.push({
        number: 10_000 + i,
        title: `Fix #${i}`,
        body: `Fixes #${i}`,
        state: 'open',
        head: { ref: `fix/issue-${i}` },
        repo,
      })
    }
  }
  return { issues, pulls }
}

/** Apply effects to an in-memory backlog the way Gitea would; returns the writes made. */
export function applyEffects(
  issues: TriageIssue[],
  effects: readonly TriageEffect[],
  now: number,
): TriageEffect[] {
  const writes: TriageEffect[] = []
  for (const e of effects) {
    const issue = issues.find((i) => i.repo === e.repo && i.number === e.issue)
    if (!issue) throw new Error(`no issue ${e.repo}#${e.issue}`)
    writes.push(e)
    switch (e.kind) {
      case 'gitea.label':
        for (const l of e.labels) if (!issue.labels.some((x) => x.name === l)) issue.labels.push({ name: l })
        break
      case 'gitea.unlabel':
        issue.labels = issue.labels.filter((l) => !e.labels.includes(l.name))
        break
      case 'gitea.assign':
        issue.assignees = e.assignees.map((login) => ({ login }))
        break
      case 'gitea.close':
        issue.state = 'closed'
        break
      case 'gitea.comment':
        break
    }
    issue.updated_at = new Date(now).toISOString()
  }
  return writes
}
