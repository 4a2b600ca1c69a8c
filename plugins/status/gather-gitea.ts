import type { PluginHost } from '../../core/plugin.js'
import type { GiteaPullRequest } from '../gitea/api-types.js'
import type { PlaybooksService } from '../playbooks/service.js'
import type { GiteaSection } from './types.js'

export async function gatherGitea(host: Pick<PluginHost, 'maybeUse'>): Promise<GiteaSection> {
  const gitea = host.maybeUse('gitea')!
  if (!gitea.url()) throw new Error('no Gitea URL configured (pluginOptions.gitea.url or GITEA_URL)')
  const client = gitea.client()
  const laneOf = wizardLanes(host.maybeUse('playbooks'))
  const openIssuesByLane: Record<string, number> = {}
  for (const issue of await client.searchIssues({ state: 'open', type: 'issues' })) {
    const logins = (issue.assignees ?? (issue.assignee ? [issue.assignee] : [])).map((u) => u.login)
    const lane =
      logins.length === 0 ? '(unassigned)' : (logins.map((l) => laneOf.get(l)).find(Boolean) ?? '(other)')
    openIssuesByLane[lane] = (openIssuesByLane[lane] ?? 0) + 1
  }
  const pulls: GiteaSection['pulls'] = []
  for (const pr of (await client.searchIssues({ state: 'open', type: 'pulls' })).slice(0, 20)) {
    const repo = pr.repository?.full_name
    if (!repo) continue
    let gate = 'none'
    try {
      const full = (
        await client.request<GiteaPullRequest>({ method: 'GET', path: `/repos/${repo}/pulls/${pr.number}` })
      ).data
      const combined = (
        await client.request<{ state?: string; total_count?: number }>({
          method: 'GET',
          path: `/repos/${repo}/commits/${encodeURIComponent(full.head.sha)}/status`,
        })
      ).data
      gate = combined.total_count ? (combined.state ?? 'none') : 'none'
    } catch {
      gate = 'unknown'
    }
    pulls.push({ repo, number: pr.number, title: pr.title, gate })
  }
  return { reachable: true, openIssuesByLane, pulls }
}

function wizardLanes(playbooks: PlaybooksService | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!playbooks) return out
  for (const dir of playbooks.dirs()) {
    try {
      for (const [name, lane] of playbooks.lanes(dir)) if (!out.has(lane.wizard)) out.set(lane.wizard, name)
      return out
    } catch {}
  }
  return out
}
