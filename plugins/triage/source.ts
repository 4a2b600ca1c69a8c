/**
 * Where triage reads issues and pull requests: the Gitea service (`host.maybeUse('gitea')`), adapted
 * to the two calls triage needs. Tests pass any object with these two methods.
 */
import { E } from '../../core/errors.js'
import type { PluginHost } from '../../core/plugin.js'
import type { TriageIssue, TriagePull } from './types.js'

export interface TriageSource {
  listOpenIssues(repo: string): Promise<TriageIssue[]>
  listOpenPulls(repo: string): Promise<TriagePull[]>
}

async function collect<T>(items: Promise<readonly T[]> | AsyncIterable<T> | readonly T[]): Promise<T[]> {
  if (items && typeof (items as AsyncIterable<T>)[Symbol.asyncIterator] === 'function') {
    const out: T[] = []
    for await (const item of items as AsyncIterable<T>) out.push(item)
    return out
  }
  return [...(await (items as Promise<readonly T[]>))]
}

/** The Gitea service as a TriageSource; a coded error when no Gitea plugin is loaded. */
export function triageSource(host: Pick<PluginHost, 'maybeUse'>, what: string): TriageSource {
  const gitea = host.maybeUse('gitea')
  if (!gitea) throw E.TRIAGE_NO_SOURCE({ what })
  const direct = gitea as Partial<TriageSource>
  if (typeof direct.listOpenIssues === 'function' && typeof direct.listOpenPulls === 'function')
    return direct as TriageSource
  const client = (
    typeof gitea.client === 'function' ? (gitea.client as () => Record<string, any>)() : gitea
  ) as Record<string, any>
  if (typeof client.listIssues !== 'function' || typeof client.listPulls !== 'function')
    throw E.TRIAGE_NO_SOURCE({ what })
  return {
    async listOpenIssues(repo) {
      const issues = await collect<Record<string, any>>(
        client.listIssues(repo, { state: 'open', type: 'issues', all: true }),
      )
      return issues
        .filter((i) => !i.pull_request)
        .map(
          (i) =>
            ({
              ...i,
              body: i.body ?? '',
              assignees: i.assignees ?? [],
              labels: i.labels ?? [],
              repo,
            }) as TriageIssue,
        )
    },
    async listOpenPulls(repo) {
      const pulls = await collect<Record<string, any>>(client.listPulls(repo, { state: 'open', all: true }))
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
