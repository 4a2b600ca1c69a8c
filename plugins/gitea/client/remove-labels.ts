import type { RepoRef } from '../api-types.js'
import type { ClientContext } from '../client-context.js'
import { repoPath } from '../repo-ref.js'

/** Remove labels by name from an issue; names the issue does not carry (or the repo lacks) are skipped. */
export async function removeLabels(
  ctx: ClientContext,
  repo: RepoRef,
  index: number,
  names: readonly string[],
): Promise<string[]> {
  const known = await ctx.listLabels(repo)
  const removed: string[] = []
  for (const name of names) {
    const id = known.find((l) => l.name === name)?.id
    if (id === undefined) continue
    // Deleting twice is harmless (the second is a 204 too), so this may be retried like a GET.
    await ctx.core.request<unknown>({
      method: 'DELETE',
      path: `${repoPath(repo)}/issues/${index}/labels/${id}`,
      idempotent: true,
    })
    removed.push(name)
  }
  return removed
}
