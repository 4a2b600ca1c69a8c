import type { GiteaIssue } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import type { SearchIssuesOptions } from '../client-options.js'
import type { Query } from '../http-request.js'

/** Search across repositories (`labels`: any of them, by name). */
export async function searchIssues(ctx: ClientContext, o: SearchIssuesOptions = {}): Promise<GiteaIssue[]> {
  const query: Query = {
    q: o.q,
    state: o.state ?? 'open',
    type: o.type,
    labels: o.labels?.length ? o.labels.join(',') : undefined,
    owner: o.owner,
    since: ctx.iso(o.since),
  }
  return ctx.list<GiteaIssue>('/repos/issues/search', query, o)
}
