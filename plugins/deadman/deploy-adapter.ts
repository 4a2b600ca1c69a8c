/**
 * The `deploy` service (core/deploy/service.ts) as deadman needs it (`DeployGenerations`): deploy lists
 * `{ generation, live, bad, … }`; deadman wants `{ id, live, knownGood }`. A generation is known-good
 * unless it was rolled back from (`bad`): deploy marks a generation bad when a rollback leaves it, and a
 * deploy only goes live after it passed its checks.
 */
import type { DeployService } from '../deploy/service.js'
import type { DeployGenerations } from './types.js'

export function asDeployGenerations(service: DeployService | undefined): DeployGenerations | undefined {
  if (!service) return undefined
  return {
    generations: () =>
      service.generations().map((g) => ({ id: g.generation, live: g.live, knownGood: !g.bad })),
    rollback: (to) => service.rollback(to),
  }
}
