import type { GiteaLabel, RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'

/** Create a label; `color` as `rrggbb` or `#rrggbb`. A retry first looks the name up. */
export async function createLabel(
  ctx: ClientContext,
  repo: RepoRef,
  name: string,
  color = 'ededed',
  description?: string,
): Promise<GiteaLabel> {
  const path = `${repoPath(repo)}/labels`
  return (
    await ctx.core.request<GiteaLabel>({
      method: 'POST',
      path,
      body: {
        name,
        color: color.startsWith('#') ? color : `#${color}`,
        ...(description ? { description } : {}),
      },
      check: async () => (await ctx.listLabels(repo)).find((l) => l.name === name),
    })
  ).data
}
