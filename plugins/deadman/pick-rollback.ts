/**
 * Which generation to roll the Hermes overlay back to: the newest known-good one that is not live and
 * was never rolled away from. A generation deadman rolled away from is never re-deployed by it, so a
 * flapping agent cannot make the config cycle.
 */
import type { GenerationInfo } from './types.js'

export function pickRollback(
  generations: readonly GenerationInfo[],
  rolledAway: ReadonlySet<number>,
): { from: number; to: number } | undefined {
  const live = generations.find((g) => g.live)
  if (!live) return undefined
  let best: GenerationInfo | undefined
  for (const g of generations) {
    if (g.live || !g.knownGood || rolledAway.has(g.id)) continue
    if (!best || g.id > best.id) best = g
  }
  return best ? { from: live.id, to: best.id } : undefined
}
