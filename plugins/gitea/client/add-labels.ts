import type { GiteaLabel, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { E } from '../errors.js'
import { repoPath, splitRepo } from '../repo-ref.js'
import { createLabel } from './create-label.js'

/** Add labels by name; with `create`, a missing label is created first. Returns all the labels. */
export async function addLabels(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  names: readonly string[],
  o: { create?: boolean; color?: string } = {},
): Promise<GiteaLabel[]> {
  const { ids, missing } = await ctx.labelIds(repo, names)
  if (missing.length && !o.create)
    throw E.GITEA_UNKNOWN_LABEL({ repo: fullName(repo), labels: missing.join(', ') }, { exitCode: 1 })
  for (const name of missing) ids.push((await createLabel(ctx, repo, name, o.color)).id)
  // Adding labels twice is harmless, so this POST may be retried like a GET.
  return (
    await ctx.core.request<GiteaLabel[]>({
      method: 'POST',
      path: `${repoPath(repo)}/issues/${index}/labels`,
      body: { labels: ids },
      idempotent: true,
    })
  ).data
}

function fullName(repo: RepoRef): string {
  const { owner, repo: name } = splitRepo(repo)
  return `${owner}/${name}`
}
