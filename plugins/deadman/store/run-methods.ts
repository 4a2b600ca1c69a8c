import type { DeadmanStoreState } from './store-state.js'

/** Agent runs: start, finish, find and flag stuck ones, close a wizard's open runs. */
export function runMethods({ q }: DeadmanStoreState) {
  return {
    startRun(wizard: string, run: string, at: number) {
      q.startRun.run(wizard, run, at)
    },
    /** Close `run` (or the oldest open run); returns whether a run was closed. */
    finishRun(wizard: string, run: string | undefined, at: number): boolean {
      const id = run ?? (q.oldestOpenRun.get(wizard) as { run: string } | undefined)?.run
      return id === undefined ? false : q.finishRun.run(at, wizard, id).changes > 0
    },
    stuckRuns(startedBefore: number) {
      return q.stuckRuns.all(startedBefore) as { wizard: string; run: string; started_at: number }[]
    },
    flagRun(wizard: string, run: string) {
      q.flagRun.run(wizard, run)
    },
    hasFlaggedOpenRun(wizard: string): boolean {
      return (q.openRunsFlagged.get(wizard) as { n: number }).n > 0
    },
    closeRuns(wizard: string, at: number) {
      q.closeRunsOf.run(at, wizard)
    },
  }
}
