/**
 * Webhook-triggered deploy: pushes are serialised and coalesced. A push starts a debounce window;
 * when it ends, the newest commit seen is pulled and deployed. Pushes arriving during a deploy wait
 * for it and then deploy once, newest commit only. One deploy at a time, never a stale one after a newer.
 */
export interface PushEvent {
  /** The pushed commit; what is fetched comes from the operator's `pluginOptions.deploy.webhook.remote`. */
  commit: string
  /** The pushed repo, `owner/name` (its commit gets the `timmy/deploy` status). */
  repo?: string
}

export interface DeployTrigger {
  push(event: PushEvent): void
  /** Resolves when nothing is pending or running (tests, shutdown). */
  idle(): Promise<void>
  close(): void
}

export function createDeployTrigger(options: {
  debounceMs: number
  run: (event: PushEvent) => Promise<void>
  onError?: (err: unknown, event: PushEvent) => void
}): DeployTrigger {
  let pending: PushEvent | undefined
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let closed = false
  let waiters: (() => void)[] = []
  const settle = () => {
    if (!pending && !running && !timer) {
      for (const w of waiters) w()
      waiters = []
    }
  }
  const fire = () => {
    timer = undefined
    if (running || !pending || closed) return settle()
    const event = pending
    pending = undefined
    running = options
      .run(event)
      .catch((err) => options.onError?.(err, event))
      .finally(() => {
        running = undefined
        if (pending && !closed) timer = setTimeout(fire, options.debounceMs)
        settle()
      })
  }
  return {
    push(event) {
      if (closed) return
      pending = event
      if (running) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(fire, options.debounceMs)
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve)
        settle()
      })
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = undefined
      pending = undefined
      settle()
    },
  }
}
