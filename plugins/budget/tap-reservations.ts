/**
 * The budget taps on a run's life: veto Hermes tool calls (`beforeToolCall`), reserve before a step
 * (`beforeStep`), settle after it (`afterStep`), release what a run still holds (`afterRun`), record
 * usage reported elsewhere (`usage`). Registered in this order.
 */
import { STAGE, type UsageEvent } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { BudgetStorage } from './budget-storage.js'
import { estimateOf } from './estimate-of.js'
import type { BudgetService } from './service.js'
import type { UsageRecord } from './usage-record.js'

/** Reservations held by runs and steps of this process (ids are deterministic, so a restart can settle them too). */
interface Held {
  runHeld: Map<string, string>
  stepHeld: Map<string, string>
  runDenied: Map<string, string>
}

const tap = { name: 'budget', stage: STAGE.budget }

export function tapReservations(
  host: PluginHost,
  service: BudgetService,
  core: () => Promise<BudgetStorage>,
  now: () => number,
): void {
  const held: Held = { runHeld: new Map(), stepHeld: new Map(), runDenied: new Map() }
  // A Hermes agent's tool or model call (the bridge): vetoed when a global budget is exhausted.
  host.hooks.beforeToolCall.tapPromise(tap, async (call) => {
    const decision = await service.checkVeto(call)
    if (decision.context) call.addContext(decision.context)
    return decision.veto ? { veto: true, reason: decision.reason ?? 'token budget exhausted' } : undefined
  })
  // The bridge waits ~300 ms for a veto: `timmy serve` loads the engine's code before the first call.
  host.hooks.serve.tapPromise(tap, async () => {
    await import('./core.js')
  })
  tapBeforeStep(host, core, held)
  tapAfterStep(host, core, held)
  host.hooks.afterRun.tapPromise(tap, async (report) => {
    held.runDenied.delete(report.runId)
    const id = held.runHeld.get(report.runId)
    if (!id) return
    held.runHeld.delete(report.runId)
    await (await core()).release(id)
  })
  host.hooks.usage.tapPromise(tap, async (event) => {
    const { at, ...rest } = event
    const extra = event as UsageEvent & { key?: string }
    await (await core()).record({
      ...rest,
      at: Date.parse(at) || now(),
      key: extra.key ?? (event.runId && event.stepId ? `step:${event.runId}:${event.stepId}` : undefined),
    } as UsageRecord)
  })
}

function tapBeforeStep(host: PluginHost, core: () => Promise<BudgetStorage>, held: Held): void {
  const { runHeld, stepHeld, runDenied } = held
  host.hooks.beforeStep.tapPromise(tap, async (ctx) => {
    const denied = runDenied.get(ctx.runId)
    if (denied) return { veto: true, reason: denied }
    const runLevel = ctx.use === 'budget/reserve'
    const estimate = estimateOf(ctx, runLevel)
    // budget/reserve with no estimate still gates the run: it is refused once a budget is exhausted.
    if (runLevel && !estimate) {
      const gate = await (await core()).check({
        playbook: ctx.playbook,
        ...(ctx.lane ? { lane: ctx.lane } : {}),
      })
      if (gate.ok) return undefined
      runDenied.set(ctx.runId, gate.reason)
      return { veto: true, reason: gate.reason }
    }
    if (!estimate || (!runLevel && runHeld.has(ctx.runId))) return undefined
    const id = runLevel ? `run:${ctx.runId}` : `step:${ctx.runId}:${ctx.stepId}`
    const input = {
      id,
      ...estimate,
      playbook: ctx.playbook,
      ...(ctx.lane ? { lane: ctx.lane } : {}),
      runId: ctx.runId,
      stepId: ctx.stepId,
    }
    const c = await core()
    const decision = await (ctx.dryRun ? c.check(input) : c.reserve(input))
    if (!decision.ok) {
      if (runLevel) runDenied.set(ctx.runId, decision.reason)
      return { veto: true, reason: decision.reason }
    }
    if (!ctx.dryRun && decision.budgets.length)
      (runLevel ? runHeld : stepHeld).set(runLevel ? ctx.runId : `${ctx.runId}:${ctx.stepId}`, id)
    return undefined
  })
}

function tapAfterStep(host: PluginHost, core: () => Promise<BudgetStorage>, held: Held): void {
  host.hooks.afterStep.tapPromise(tap, async (result) => {
    if (result.dryRun) return
    const c = await core()
    const usage: UsageRecord | undefined = result.usage
      ? {
          ...result.usage,
          source: 'step',
          playbook: result.playbook,
          ...(result.lane ? { lane: result.lane } : {}),
          runId: result.runId,
          stepId: result.stepId,
          key: `step:${result.runId}:${result.stepId}`,
        }
      : undefined
    const stepKey = `${result.runId}:${result.stepId}`
    const stepId = held.stepHeld.get(stepKey)
    const runId = held.runHeld.get(result.runId)
    if (stepId) {
      held.stepHeld.delete(stepKey)
      await c.settle(stepId, usage)
    } else if (runId && usage) await c.settle(runId, usage, true)
    else if (usage) await c.record(usage)
  })
}
