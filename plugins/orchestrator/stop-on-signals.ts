/** SIGINT/SIGTERM stop the coordinator loop at its next check instead of killing the process mid-tick. */

export interface LoopFlags {
  /** Set by a signal, or when the lease is lost. */
  stop: boolean
  /** The lease was taken over by another process. */
  lost: boolean
}

export function stopOnSignals(): { flags: LoopFlags; off(): void } {
  const flags: LoopFlags = { stop: false, lost: false }
  const onSignal = () => {
    flags.stop = true
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return {
    flags,
    off() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
