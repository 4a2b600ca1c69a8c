import type { WizardRecord } from '../evaluate-state.js'
import type { ActionRecord } from '../types.js'
import type { DeadmanStoreState } from './store-state.js'
import { type Row, toAction } from './to-record.js'

/** Recovery actions: record, finish, list, and count restarts in a window. */
export function actionMethods({ q }: DeadmanStoreState) {
  return {
    action(
      wizard: string,
      at: number,
      kind: ActionRecord['kind'],
      dryRun: boolean,
      outcome: ActionRecord['outcome'],
      detail: Record<string, unknown>,
      incident: number | null,
    ): ActionRecord {
      return toAction(
        q.action.get(wizard, at, kind, dryRun ? 1 : 0, outcome, JSON.stringify(detail), incident) as Row,
      )
    },
    finishAction(
      id: number,
      outcome: ActionRecord['outcome'],
      detail: Record<string, unknown>,
    ): ActionRecord {
      return toAction(q.finishAction.get(outcome, JSON.stringify(detail), id) as Row)
    },
    actions(wizard: string | undefined, limit: number): ActionRecord[] {
      const rows = wizard ? q.actionsOf.all(wizard, limit) : q.actionsAll.all(limit)
      return (rows as Row[]).map(toAction)
    },
    restartsInWindow(r: WizardRecord, windowMs: number, now: number): number {
      return (q.restartsSince.get(r.wizard, now - windowMs, r.resetAt) as { n: number }).n
    },
    restartCounts(windowMs: number, now: number): Map<string, number> {
      const rows = q.restartCounts.all(now - windowMs) as { wizard: string; n: number }[]
      return new Map(rows.map((r) => [r.wizard, r.n]))
    },
  }
}
