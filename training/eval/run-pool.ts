/**
 * Bounded concurrency: at most `concurrency` items in flight, taken in order. `stopped()` is asked
 * before each item is taken, so a stop (an exhausted budget) lets the items in flight finish and
 * starts no more. The first error a worker throws stops the others and is rethrown.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && !stopped() && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (err) {
        failed = true
        throw err
      }
    }
  }
  const n = Math.max(1, Math.min(concurrency, items.length))
  const settled = await Promise.allSettled(Array.from({ length: n }, worker))
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (rejected) throw rejected.reason
}
