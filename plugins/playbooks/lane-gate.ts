/** At most `max` runs per lane at once (in this process); the others wait in arrival order. */
export function createLaneGate() {
  const active = new Map<string, number>()
  const waiting = new Map<string, (() => void)[]>()
  return {
    async acquire(lane: string, max: number): Promise<void> {
      const n = active.get(lane) ?? 0
      if (n < max) {
        active.set(lane, n + 1)
        return
      }
      await new Promise<void>((resolve) => {
        const queue = waiting.get(lane) ?? []
        queue.push(resolve)
        waiting.set(lane, queue)
      })
    },
    /** Hand the slot to the next waiting run, or free it. */
    release(lane: string): void {
      const next = waiting.get(lane)?.shift()
      if (next) next()
      else active.set(lane, Math.max(0, (active.get(lane) ?? 1) - 1))
    },
  }
}
