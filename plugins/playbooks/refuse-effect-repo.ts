/**
 * A lane's `repos:` holds for every effect a run produces, not only for the event's repo: an effect
 * whose target `repo` the lane does not take is refused (a step's `with: { repo }` cannot step out of
 * the lane). Effects without a `repo` (an agent run on no issue, a note) have no target to check.
 * Effects applied outside a playbook run (deadman alerts, triage sweeps) have no lane and are not checked.
 */
import type { TimmyError } from '../../core/errors.js'
import type { Effect } from '../../core/hooks.js'
import { E } from './errors.js'
import { matchLaneRepo } from './match-lane-repo.js'
import type { Lane } from './schema.js'

/** The coded refusal when `effect` targets a repo outside `lane.repos`, or undefined when it may go. */
export function refuseEffectRepo(
  lane: Pick<Lane, 'name' | 'repos'>,
  step: string,
  effect: Effect,
): TimmyError | undefined {
  const repo = (effect as { repo?: unknown }).repo
  if (repo === undefined) return undefined
  if (typeof repo === 'string' && matchLaneRepo(lane.repos, repo)) return undefined
  return E.PLAYBOOK_EFFECT_REPO_NOT_ALLOWED(
    {
      kind: effect.kind,
      step,
      repo: typeof repo === 'string' ? repo : JSON.stringify(repo),
      lane: lane.name,
      allowed: lane.repos.join(', '),
    },
    { exitCode: 1 },
  )
}
