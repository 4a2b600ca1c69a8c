/** After commit: token_usage lines, queue wake-ups, events. Failures here are logged, never undo the ledger. */
import { existsSync } from 'node:fs'
import { appendLines } from './append-lines.js'
import type { CoreOptions } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import { holdKey } from './hold-key.js'

export function afterCommit(
  s: { opts: Omit<CoreOptions, 'store'>; usageFile: string | undefined },
  lines: string[],
  events: BudgetEvent[],
): Promise<unknown> {
  const { opts, usageFile } = s
  // Only beside an existing Hermes home: timmy never creates $HERMES_HOME for this file.
  if (usageFile && lines.length && existsSync(opts.hermesHome!)) {
    try {
      appendLines(usageFile, lines)
    } catch (err) {
      opts.onWarn?.(`could not append to ${usageFile}`, err)
    }
  }
  // Held runs wait in the queue until their window ends; a budget freed sooner (reset, a raised cap,
  // a rollover noticed by the enforcer) wakes them now, and each run's task asks `paused` again.
  // The returned promise settles when the wakes are written: a short-lived process (`timmy budget
  // reset`) awaits it before it closes its store, or the wake is lost with the connection.
  const queue = events.some((e) => e.state === 'resumed') ? opts.queue?.() : undefined
  const wakes: Promise<unknown>[] = []
  for (const e of events) {
    if (queue && e.state === 'resumed') {
      const key = holdKey(e.budget)
      wakes.push(queue.wake(key).catch((err) => opts.onWarn?.(`queue wake of "${key}" failed`, err)))
    }
    opts.onEvent?.(e)
  }
  return Promise.all(wakes)
}
