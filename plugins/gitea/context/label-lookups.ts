import type { GiteaLabel, RepoRef } from '../api-types.js'
import { collect } from '../paginate.js'
import { repoPath } from '../repo-ref.js'
import type { ContextState } from './context-state.js'
import { iteratePages } from './list-pages.js'

/** Every label of a repo. */
export async function listRepoLabels(s: ContextState, repo: RepoRef): Promise<GiteaLabel[]> {
  return collect(iteratePages<GiteaLabel>(s, `${repoPath(repo)}/labels`, {}))
}

/** The ids of the named labels, and the names the repo lacks. */
export async function labelIds(
  s: ContextState,
  repo: RepoRef,
  names: readonly string[],
): Promise<{ ids: number[]; missing: string[] }> {
  const labels = await listRepoLabels(s, repo)
  const ids: number[] = []
  const missing: string[] = []
  for (const name of names) {
    const found = labels.find((l) => l.name === name)
    if (found) ids.push(found.id)
    else missing.push(name)
  }
  return { ids, missing }
}
