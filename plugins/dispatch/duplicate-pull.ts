/** The duplicate-PR guard: before an agent works on an issue, is there already an open PR for it? */
import { referencesIssue } from '../triage/linked-pulls.js'
import type { TriagePull } from '../triage/types.js'

/** What the guard needs from the Gitea service. */
export interface PullSource {
  listOpenPulls(repo: string): Promise<readonly TriagePull[]> | AsyncIterable<TriagePull>
}

export async function findDuplicatePull(
  source: PullSource,
  repo: string,
  issue: number,
): Promise<TriagePull | undefined> {
  const pulls = source.listOpenPulls(repo)
  if (Symbol.asyncIterator in Object(pulls)) {
    for await (const p of pulls as AsyncIterable<TriagePull>)
      if (p.state === 'open' && referencesIssue(p, issue)) return p
    return undefined
  }
  return (await (pulls as Promise<readonly TriagePull[]>)).find(
    (p) => p.state === 'open' && referencesIssue(p, issue),
  )
}
