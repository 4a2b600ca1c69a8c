/** Shared set-up for queue tests: a real SQLite file in a temp dir, a queue over it, a movable clock. */
import { join } from 'node:path'
import { openStore, type Store } from '../../core/store/store.js'
import type { QueueConfig } from '../../plugins/queue/config-schema.js'
import { createQueue, type QueueCore } from '../../plugins/queue/queue.js'
import { tempDir } from '../helpers/temp.js'

export interface Clock {
  now: () => number
  set(t: number): void
  advance(ms: number): void
}

export function clock(start = Date.UTC(2026, 0, 1)): Clock {
  let t = start
  return { now: () => t, set: (v) => (t = v), advance: (ms) => (t += ms) }
}

type Cleanup = { after(fn: () => void | Promise<void>): void }

export async function openQueue(
  t: Cleanup,
  options: {
    config?: Partial<QueueConfig>
    clock?: Clock
    immediate?: boolean
    file?: string
    random?: () => number
  } = {},
): Promise<{ queue: QueueCore; store: Store; file: string }> {
  const file = options.file ?? join(tempDir(t, 'timmy-queue-'), 'timmy.db')
  const store = await openStore(file)
  const queue = createQueue({
    store,
    config: options.config ?? {},
    ...(options.clock ? { now: options.clock.now } : {}),
    ...(options.immediate ? { immediate: true } : {}),
    ...(options.random ? { random: options.random } : {}),
  })
  t.after(() => store.close())
  return { queue, store, file }
}

/** A promise with its resolve function outside (to hold a handler until the test lets it go). */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => (open = resolve))
  return { promise, open }
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
