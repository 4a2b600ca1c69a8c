/**
 * The merge gate for one pull request: approved (an approving review, none asking for changes, or the
 * sign-off label), mergeable (not a draft, no conflict), checks green (the combined commit status of
 * its head is `success`) and policy clean (no banned provider in its title, body or added diff lines).
 * Passing → a `gitea.pr.merge` effect. Failing → ONE `gitea.comment` naming the failed checks (not
 * repeated while they stay the same). CI still pending → wait, no write.
 */

import type { GiteaPullRequest } from '../gitea/api-types.js'
import type { GiteaEffect } from '../gitea/effects.js'
import type { GiteaService } from '../gitea/service.js'
import type { PolicyService } from '../policy/types.js'

export const GATE_MARK = '<!-- timmy:merge-gate -->'

export interface GateVerdict {
  repo: string
  pull: number
  /** merge: all checks pass; comment: a check failed (first time); wait: CI pending or already said; none: not open. */
  action: 'merge' | 'comment' | 'wait' | 'none'
  /** The failed checks, each `name: why`. */
  failed: string[]
  effects: GiteaEffect[]
}

export interface GateDeps {
  gitea: GiteaService
  /** The policy plugin's service; without it the policy check fails (closed). */
  policy: PolicyService | undefined
  signOffLabel: string
}

/** Latest non-dismissed review per reviewer. */
function approval(
  reviews: Awaited<ReturnType<ReturnType<GiteaService['client']>['listPullReviews']>>,
  labelled: boolean,
): string | undefined {
  const latest = new Map<string, string>()
  for (const r of reviews)
    if (!r.dismissed && (r.state === 'APPROVED' || r.state === 'REQUEST_CHANGES'))
      latest.set(r.user?.login ?? String(r.id), r.state)
  const asking = [...latest].filter(([, s]) => s === 'REQUEST_CHANGES').map(([u]) => u)
  if (asking.length) return `changes requested by ${asking.join(', ')}`
  if ([...latest.values()].includes('APPROVED') || labelled) return undefined
  return 'no approving review'
}

export async function gatePull(deps: GateDeps, repo: string, number: number): Promise<GateVerdict> {
  const client = deps.gitea.client()
  const pr: GiteaPullRequest = await client.getPull(repo, number)
  const verdict: GateVerdict = { repo, pull: number, action: 'none', failed: [], effects: [] }
  if (pr.state !== 'open' || pr.merged) return verdict
  const [reviews, status, diff] = await Promise.all([
    client.listPullReviews(repo, number),
    client.getCombinedStatus(repo, pr.head.sha),
    client.getPullDiff(repo, number),
  ])
  const approved = approval(
    reviews,
    (pr.labels ?? []).some((l) => l.name === deps.signOffLabel),
  )
  if (approved) verdict.failed.push(`approved: ${approved}`)
  if (pr.draft) verdict.failed.push('mergeable: the PR is a draft')
  else if (!pr.mergeable) verdict.failed.push('mergeable: Gitea reports a conflict or it cannot merge yet')
  let pending = false
  if (status.state === '' || status.total_count === 0) verdict.failed.push('checks: no CI status reported')
  else if (status.state === 'pending') pending = true
  else if (status.state !== 'success') {
    const bad = (status.statuses ?? [])
      .filter((s) => s.status !== 'success')
      .map((s) => `${s.context} ${s.status}`)
    verdict.failed.push(`checks: CI is ${status.state}${bad.length ? ` (${bad.join(', ')})` : ''}`)
  }
  if (!deps.policy) verdict.failed.push('policy: the policy plugin is not loaded')
  else {
    const found = deps.policy.scanChange({ title: pr.title, body: pr.body, diff })
    if (found.length)
      verdict.failed.push(
        `policy: banned provider ${[...new Set(found.map((f) => `"${f.provider}" in the ${f.where}`))].join(', ')}`,
      )
  }
  if (!verdict.failed.length && !pending) {
    verdict.action = 'merge'
    verdict.effects.push({ kind: 'gitea.pr.merge', repo, issue: number, do: 'merge' })
    return verdict
  }
  if (!verdict.failed.length) {
    verdict.action = 'wait'
    verdict.failed.push('checks: CI is pending')
    return verdict
  }
  const body = gateComment(verdict.failed)
  const said = (await client.listComments(repo, number)).some((c) => c.body === body)
  verdict.action = said ? 'wait' : 'comment'
  if (!said) verdict.effects.push({ kind: 'gitea.comment', repo, issue: number, body })
  return verdict
}

export function gateComment(failed: readonly string[]): string {
  return `${GATE_MARK}\ntimmy's merge gate did not merge this pull request:\n\n${failed.map((f) => `- ${f}`).join('\n')}\n`
}
