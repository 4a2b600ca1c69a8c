/** `timmy status [--json] [--watch [--interval S]] [--no-gitea]` — declared by the status plugin (commands/status.ts). */
import { E } from '../../core/errors.js'
import type { PluginCommand } from '../../core/plugin.js'
import { statusCommandSpec } from './command-spec.js'
import { renderStatus } from './render-text.js'
import type { StatusService } from './types.js'

/** The command; its `run` takes the status service from the booted host. */
export function statusCommand(): PluginCommand {
  return {
    ...statusCommandSpec,
    async run(ctx) {
      const service = ctx.host.service('status')
      if (!service) throw E.SERVICE_MISSING({ plugin: 'status', service: 'status' })
      const values = ctx.values as { watch?: boolean; interval?: string; 'no-gitea'?: boolean }
      const interval = Number(values.interval ?? 2)
      if (!(interval >= 0.2 && interval <= 3600))
        throw E.CLI_BAD_ARGS({
          command: 'status',
          reason: `--interval takes seconds between 0.2 and 3600, got "${values.interval}"`,
        })
      const gitea = !values['no-gitea']
      const out = ctx.stdout as NodeJS.WriteStream
      const width = () => Math.max(40, out.columns || Number(process.env.COLUMNS) || 80)
      if (!values.watch) {
        const snap = await service.snapshot({ gitea })
        out.write(ctx.json ? `${JSON.stringify(snap, null, 2)}\n` : renderStatus(snap, width()))
        return 0
      }
      return watch(service, out, { intervalMs: interval * 1000, gitea, json: ctx.json, width })
    },
  }
}

/**
 * On a terminal, redraw in place: cursor home, each line cleared to its end, the rest of the screen
 * cleared. Into a pipe or a file no escape codes: a snapshot per interval, separated by a blank line.
 */
async function watch(
  service: StatusService,
  out: NodeJS.WriteStream,
  o: { intervalMs: number; gitea: boolean; json: boolean; width: () => number },
): Promise<number> {
  let stop: () => void = () => {}
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const onSignal = () => stop()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const redraw = !o.json && out.isTTY === true
  if (redraw) out.write('\x1b[?25l\x1b[2J')
  try {
    for (let first = true; ; first = false) {
      const snap = await service.snapshot({ gitea: o.gitea })
      if (o.json) out.write(`${JSON.stringify(snap)}\n`)
      else if (!redraw) out.write(`${first ? '' : '\n'}${renderStatus(snap, o.width()).trimEnd()}\n`)
      else {
        const rows = Math.max(5, out.rows || Number(process.env.LINES) || 24)
        const lines = renderStatus(snap, o.width())
          .trimEnd()
          .split('\n')
          .slice(0, rows - 1)
        out.write(`\x1b[H${lines.map((l) => `${l}\x1b[K`).join('\n')}\n\x1b[J`)
      }
      let timer: NodeJS.Timeout | undefined
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), o.intervalMs)))
      const why = await Promise.race([tick, stopped.then(() => 'stop' as const)])
      clearTimeout(timer)
      if (why === 'stop') return 0
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (redraw) out.write('\x1b[?25h')
  }
}
