/**
 * `test-playbooks --watch`: call `run` again whenever a file under the watched folders changes
 * (fs.watch, recursive; changes within `debounceMs` coalesce into one run; a run is never started
 * while one is going — a change during a run starts one more run after it). Stops on `signal`.
 */
import { type FSWatcher, watch } from 'node:fs'

export function watchFixtures(
  dirs: readonly string[],
  run: (changed: string) => Promise<unknown>,
  options: { debounceMs?: number; signal: AbortSignal },
): Promise<void> {
  const debounceMs = options.debounceMs ?? 150
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  let pending: string | undefined
  const fire = () => {
    timer = undefined
    if (running || pending === undefined) return
    const changed = pending
    pending = undefined
    running = run(changed).finally(() => {
      running = undefined
      if (pending !== undefined) timer = setTimeout(fire, debounceMs)
    })
  }
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(dir, { recursive: true }, (_event, name) => {
      pending = name ? String(name) : dir
      if (timer) clearTimeout(timer)
      timer = setTimeout(fire, debounceMs)
    }),
  )
  return new Promise((resolve) => {
    const stop = () => {
      if (timer) clearTimeout(timer)
      for (const w of watchers) w.close()
      Promise.resolve(running).finally(resolve)
    }
    if (options.signal.aborted) stop()
    else options.signal.addEventListener('abort', stop, { once: true })
  })
}
