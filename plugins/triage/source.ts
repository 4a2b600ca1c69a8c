/**
 * Where triage reads issues and pull requests: the Gitea service (`host.maybeUse('gitea')`, typed by
 * plugins/gitea), adapted to the two calls triage needs.
 */

import type { PluginHost } from '../../core/plugin.js'
import { E } from './errors.js'
import type { TriageIssue, TriagePull } from './types.js'

export interface TriageSource {
  listOpenIssues(repo: string): Promise<TriageIssue[]>
  listOpenPulls(repo: string): Promise<TriagePull[]>
}

/** The Gitea service as a TriageSource; a coded error when no Gitea plugin is loaded. */
export function triageSource(host: Pick<PluginHost, 'maybeUse'>, what: string): TriageSource {
  const gitea = host.maybeUse('gitea')
  if (!gitea) throw E.TRIAGE_NO_SOURCE({ what })
  return {
    async listOpenIssues(repo) {
      const issues = await gitea.client().listIssues(repo, { state: 'open', type: 'issues', all: true })
      return issues
        .filter((i) => !i.pull_request)
        .map((i) => ({
          ...i,
          body: i.body ?? '',
          assignees: i.assignees ?? [],
          labels: i.labels ?? [],
          milestone: (i as { milestone?: { title: string } | null }).milestone ?? null,
          repo,
        }))
    },
    async listOpenPulls(repo) {
      const pulls = await gitea.client().listPulls(repo, { state: 'open', all: true })
      return pulls.map((p) => ({
        number: p.number,
        title: p.title ?? '',
        body: p.body ?? '',
        state: p.state,
        head: { ref: p.head?.ref ?? '' },
        repo,
      }))
    },
  }
}
