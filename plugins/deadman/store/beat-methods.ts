import type { DeadmanStoreState } from './store-state.js'

/** Beats: the last beat on the wizard row, counted beats in their own table, pruning. */
export function beatMethods({ q }: DeadmanStoreState) {
  return {
    /** Record a beat; returns counted beats in the too-often window when the beat is counted. */
    beat(wizard: string, at: number, source: string, kind: string, counted: boolean) {
      q.beat.run({ wizard, at, source })
      if (counted) q.insertBeat.run(wizard, at, kind, source)
    },
    countBeats(wizard: string, since: number): number {
      return (q.countBeats.get(wizard, since) as { n: number }).n
    },
    pruneBeats(before: number) {
      q.pruneBeats.run(before)
    },
  }
}
