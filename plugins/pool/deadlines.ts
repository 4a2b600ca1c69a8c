/**
 * Step timeouts without a timer per step: one timer, set for the earliest deadline, aborts every
 * expired entry's controller when it fires. A step costs a Set insert and delete instead of a
 * `setTimeout` (AbortSignal.timeout) — that matters at tens of thousands of steps per second.
 */
export interface Deadline {
  signal: AbortSignal
  /** Whether this deadline (not an outside cancel) aborted the signal. */
  readonly expired: boolean
  clear(): void
}

interface Entry {
  at: number
  controller: AbortController
  expired: boolean
}

export function createDeadlines(now: () => number = performance.now.bind(performance)) {
  const entries = new Set<Entry>()
  let timer: NodeJS.Timeout | undefined
  let timerAt = Number.POSITIVE_INFINITY

  const schedule = (at: number) => {
    if (timer && at >= timerAt) return
    if (timer) clearTimeout(timer)
    timerAt = at
    timer = setTimeout(fire, Math.max(0, at - now()))
    timer.unref()
  }
  const fire = () => {
    timer = undefined
    timerAt = Number.POSITIVE_INFINITY
    const t = now()
    let next = Number.POSITIVE_INFINITY
    for (const e of entries) {
      if (e.at <= t) {
        entries.delete(e)
        e.expired = true
        e.controller.abort(new Error('step timeout'))
      } else if (e.at < next) next = e.at
    }
    if (next !== Number.POSITIVE_INFINITY) schedule(next)
  }

  return {
    add(timeoutMs: number, outer?: AbortSignal): Deadline {
      const controller = new AbortController()
      const entry: Entry = { at: now() + timeoutMs, controller, expired: false }
      entries.add(entry)
      schedule(entry.at)
      let onOuter: (() => void) | undefined
      if (outer) {
        if (outer.aborted) controller.abort(outer.reason)
        else {
          onOuter = () => controller.abort(outer.reason)
          outer.addEventListener('abort', onOuter, { once: true })
        }
      }
      return {
        signal: controller.signal,
        get expired() {
          return entry.expired
        },
        clear() {
          entries.delete(entry)
          if (onOuter) outer!.removeEventListener('abort', onOuter)
        },
      }
    },
    /** Stop the timer (the pool is closing). */
    stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
      entries.clear()
    },
  }
}
