/**
 * A minimal progress bar: drawn on stderr only when it is a TTY (and not under CI or --json),
 * redrawn at most every 100 ms, erased at the end. Anywhere else it does nothing.
 */
export interface Progress {
  start(label: string, total?: number): void
  tick(n?: number): void
  done(): void
}

export const quietProgress: Progress = { start() {}, tick() {}, done() {} }

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  options: { enabled?: boolean; now?: () => number } = {},
): Progress {
  const enabled = options.enabled ?? (stream.isTTY === true && !process.env.CI)
  if (!enabled) return quietProgress
  const now = options.now ?? Date.now
  let label = ''
  let total: number | undefined
  let count = 0
  let last = 0
  const draw = () => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30))
    let line = `${label} ${count}`
    if (total) {
      const frac = Math.min(1, count / total)
      const full = Math.round(frac * width)
      line = `${label} ▕${'█'.repeat(full)}${' '.repeat(width - full)}▏ ${count}/${total} ${Math.floor(frac * 100)}%`
    }
    stream.write(`\r${line}\x1b[K`)
  }
  return {
    start(l, t) {
      label = l
      total = t
      count = 0
      last = 0
      draw()
    },
    tick(n = 1) {
      count += n
      const t = now()
      if (t - last >= 100) {
        last = t
        draw()
      }
    },
    done() {
      stream.write('\r\x1b[K')
    },
  }
}
