/** The coordinator loop under a held lease: a tick every interval until stopped (or once), then a grace period for running dispatches. */
import { reasonOf } from '../../core/errors.js'
import type { CommandContext } from '../../core/plugin.js'
import type { OrchestratorContext } from './index.js'
import { sleep } from './sleep.js'
import type { LoopFlags } from './stop-on-signals.js'
import { type TickReport, tick } from './tick.js'
import type { OrchestratorHost } from './types.js'

export async function runTicks(
  host: OrchestratorHost,
  ctx: OrchestratorContext,
  c: CommandContext,
  confirm: boolean,
  running: Set<Promise<unknown>>,
  flags: LoopFlags,
): Promise<void> {
  const { values } = c
  do {
    let report: TickReport | { error: string }
    try {
      report = await tick(host, await ctx.tickOptions(Date.now(), confirm), running)
    } catch (err) {
      report = { error: reasonOf(err) }
      host.log.warn({ err: reasonOf(err) }, 'orchestrator tick failed')
    }
    if (values.once || c.json) c.stdout.write(`${JSON.stringify(report, null, c.json ? 2 : 0)}\n`)
    if (values.once) break
    const until = Date.now() + ctx.options.intervalMs
    while (!flags.stop && Date.now() < until) await sleep(Math.min(200, until - Date.now()))
  } while (!flags.stop)
  const deadline = Date.now() + ctx.options.graceMs
  while (running.size && Date.now() < deadline) await sleep(100)
}
