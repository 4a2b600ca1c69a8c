import type { GiteaIssue, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { ListIssuesOptions } from '../client-options.js'
import type { Query } from '../http-request.js'

/** The issue list query for the options; undefined when a named label is missing (so nothing matches). */
export async function issueQuery(
  ctx: ClientContext,
  repo: RepoRef,
  o: ListIssuesOptions,
): Promise<Query | undefined> {
  if (o.labels?.length) {
    // Gitea drops unknown names, and with none left it drops the filter and returns everything.
    const { missing } = await ctx.labelIds(repo, o.labels)
    if (missing.length) return undefined
  }
  return {
    state: o.state ?? 'open',
    type: o.type === 'all' ? undefined : (o.type ?? 'issues'),
    labels: o.labels?.length ? o.labels.join(',') : undefined,
    since: ctx.iso(o.since),
    q: o.q,
  }
}

/** A filter keeping only the asked type (issues by default, pulls, or all). */
export const onlyType = (o: { type?: string }) => (i: GiteaIssue) =>
  o.type === 'all' ? true : (o.type ?? 'issues') === 'issues' ? !i.pull_request : Boolean(i.pull_request)
