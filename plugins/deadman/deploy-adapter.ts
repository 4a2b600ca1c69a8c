/**
 * The `deploy` service as deadman needs it (`DeployGenerations`). The deploy area's service
 * (core/deploy/service.ts) lists `{ generation, live, bad, snapshot, … }`; deadman wants
 * `{ id, live, knownGood }`. A generation is known-good unless it was rolled back from (`bad`): deploy
 * marks a generation bad when a rollback leaves it, and a deploy only goes live after it passed its
 * checks. A service already in deadman's shape is used as it is.
 */
import type { DeployGenerations, GenerationInfo } from './types.js'

interface DeployAreaGeneration {
  generation: number
  live: boolean
  bad?: boolean
}

interface DeployLike {
  generations(): unknown
  rollback(to: number): Promise<unknown>
}

const isDeployLike = (v: unknown): v is DeployLike =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as DeployLike).generations === 'function' &&
  typeof (v as DeployLike).rollback === 'function'

function toInfo(g: unknown): GenerationInfo | undefined {
  if (!g || typeof g !== 'object') return undefined
  const o = g as Partial<GenerationInfo> & Partial<DeployAreaGeneration>
  if (typeof o.id === 'number') return { id: o.id, live: !!o.live, knownGood: !!o.knownGood }
  if (typeof o.generation === 'number') return { id: o.generation, live: !!o.live, knownGood: !o.bad }
  return undefined
}

export function asDeployGenerations(service: unknown): DeployGenerations | undefined {
  if (!isDeployLike(service)) return undefined
  return {
    async generations() {
      const list = await service.generations()
      if (!Array.isArray(list)) return []
      return list.map(toInfo).filter((g): g is GenerationInfo => g !== undefined)
    },
    rollback: (to) => service.rollback(to),
  }
}
