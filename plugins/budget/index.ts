/**
 * The budget plugin: a token ledger and budgets that stop spend before it happens.
 * - `beforeStep` (stage budget): reserve a step's declared estimate (or a run's, at `budget/reserve`)
 *   atomically against every applicable budget; veto with the budget, spent, reserved and cap.
 * - `afterStep`: settle the reservation to the step's actual usage (ledger row + running totals).
 * - `afterRun`: release what is left of the run's reservation.
 * - `usage`: usage reported by other sources (dispatch, OpenAI responses, the Hermes bridge).
 * - task `budget.enforce` (cron, every 15 min): import Hermes' state.db, expire reservations, mark
 *   exhausted budgets paused and clear them when the window rolls over. Runs of a held pipeline/lane
 *   wait in the queue (the playbooks tasks ask `paused` and defer); a budget that resumes wakes them.
 * - `timmy budget status|report|reset`. Service `budget` (service.ts).
 * - lane shares: once every plugin is set up (`configLoaded`), each lane's `budgetShare` of lanes.yaml
 *   (the playbooks service's first folder that has one) becomes a lane budget per global budget.
 */

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { STAGE, type StepContext, type UsageEvent } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { type BudgetCore, createBudgetCore } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import { laneShareBudgets } from './lane-shares.js'
import { BudgetOptionsSchema } from './options.js'
import { parseBudgets } from './parse-budgets.js'
import { createBudgetService } from './service.js'
import type { UsageRecord } from './usage-record.js'

export default definePlugin({
  name: 'budget',
  version: '0.1.0',
  provides: ['budget'],
  description: 'Token ledger, budgets with calendar windows, reservations that never overshoot, enforcer.',
  optionalDependencies: ['queue'],
  options: BudgetOptionsSchema,
  steps: new URL('./steps.js', import.meta.url),
  commands,
  setup(host, options) {
    const budgets = parseBudgets(options.budgets, options)
    // Lane shares become lane budgets before anything reads `budgets` (the engine opens on first use).
    host.hooks.configLoaded.tapPromise({ name: 'budget', stage: STAGE.budget }, async () => {
      if (!budgets.some((b) => b.scope === 'global')) return
      const playbooks = host.maybeUse('playbooks')
      const dir = playbooks?.dirs().find((d) => existsSync(join(d, 'lanes.yaml')))
      if (!playbooks || !dir) return
      budgets.push(...laneShareBudgets(budgets, playbooks.lanes(dir)))
    })
    const now = () => Date.now()
    const emit = (e: BudgetEvent) => {
      // Pause (exhausted), resume and reset are state changes: info, like every other one. The soft
      // threshold is a warning before any change.
      const level = e.state === 'soft' ? 'warn' : 'info'
      host.log[level]({ budget: e.budget, state: e.state, targets: e.targets }, e.reason)
      const { windowStart: _, ...change } = e
      host.hooks.budgetState
        .promise({ ...change, at: new Date(now()).toISOString() })
        .catch((err) => host.log.error({ err: String(err) }, 'budgetState hook failed'))
    }
    let corePromise: Promise<BudgetCore> | undefined
    const core = () =>
      (corePromise ??= host.store().then((store) =>
        createBudgetCore({
          store,
          budgets,
          exempt: options.exempt,
          now,
          reservationTtlMs: options.reservationTtlMinutes * 60_000,
          hermesHome: host.paths.hermesHome,
          tokenUsageFile: options.tokenUsageFile,
          importSkipSources: options.importSkipSources,
          queue: () => host.maybeUse('queue'),
          onEvent: emit,
          onWarn: (message, err) => host.log.warn({ err: String(err) }, message),
        }),
      ))
    // The model of each recent Hermes session (a `pre_tool_call` does not name it), so exempt models are never vetoed.
    const sessionModels = new Map<string, string>()
    host.hooks.hermesEvent.tap({ name: 'budget', stage: STAGE.budget }, (event) => {
      const model = event.payload.response_model ?? event.payload.model
      if (!event.sessionId || typeof model !== 'string' || !model) return
      sessionModels.delete(event.sessionId)
      sessionModels.set(event.sessionId, model)
      if (sessionModels.size > 10_000) sessionModels.delete(sessionModels.keys().next().value!)
    })
    const service = createBudgetService(budgets, core, {
      now,
      timezone: options.timezone,
      sessionModel: (id) => sessionModels.get(id),
    })
    host.provide('budget', service)

    // Reservations held by runs and steps of this process (ids are deterministic, so a restart can settle them too).
    const runHeld = new Map<string, string>()
    const stepHeld = new Map<string, string>()
    const runDenied = new Map<string, string>()
    const tap = { name: 'budget', stage: STAGE.budget }

    // A Hermes agent's tool or model call (the bridge): vetoed when a global budget is exhausted.
    host.hooks.beforeToolCall.tapPromise(tap, async (call) => {
      const decision = await service.checkVeto(call)
      if (decision.context) call.addContext(decision.context)
      return decision.veto ? { veto: true, reason: decision.reason ?? 'token budget exhausted' } : undefined
    })

    host.hooks.beforeStep.tapPromise(tap, async (ctx) => {
      const denied = runDenied.get(ctx.runId)
      if (denied) return { veto: true, reason: denied }
      const runLevel = ctx.use === 'budget/reserve'
      const estimate = estimateOf(ctx, runLevel)
      // budget/reserve with no estimate still gates the run: it is refused once a budget is exhausted.
      if (runLevel && !estimate) {
        const gate = (await core()).check({ playbook: ctx.playbook, ...(ctx.lane ? { lane: ctx.lane } : {}) })
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
      const decision = ctx.dryRun ? c.check(input) : c.reserve(input)
      if (!decision.ok) {
        if (runLevel) runDenied.set(ctx.runId, decision.reason)
        return { veto: true, reason: decision.reason }
      }
      if (!ctx.dryRun && decision.budgets.length)
        (runLevel ? runHeld : stepHeld).set(runLevel ? ctx.runId : `${ctx.runId}:${ctx.stepId}`, id)
      return undefined
    })

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
      const stepId = stepHeld.get(stepKey)
      const runId = runHeld.get(result.runId)
      if (stepId) {
        stepHeld.delete(stepKey)
        c.settle(stepId, usage)
      } else if (runId && usage) c.settle(runId, usage, true)
      else if (usage) c.record(usage)
    })

    host.hooks.afterRun.tapPromise(tap, async (report) => {
      runDenied.delete(report.runId)
      const id = runHeld.get(report.runId)
      if (!id) return
      runHeld.delete(report.runId)
      ;(await core()).release(id)
    })

    host.hooks.usage.tapPromise(tap, async (event) => {
      const { at, ...rest } = event
      const extra = event as UsageEvent & { key?: string }
      ;(await core()).record({
        ...rest,
        at: Date.parse(at) || now(),
        key: extra.key ?? (event.runId && event.stepId ? `step:${event.runId}:${event.stepId}` : undefined),
      } as UsageRecord)
    })

    host.registerTask({
      name: 'budget.enforce',
      description: "Import Hermes' state.db usage, expire abandoned reservations, pause/resume pipelines.",
      schedule: options.enforceSchedule,
      timezone: 'UTC',
      catchUp: 'latest',
      async handler() {
        const imported = options.importHermes ? await service.importHermes() : undefined
        const events = await service.enforce()
        return { imported, events: events.map((e) => ({ budget: e.budget, state: e.state })) }
      },
    })

    // Without a queue nothing schedules the task: `timmy serve` then runs the enforcer itself.
    host.hooks.serve.tapPromise(tap, async () => {
      if (host.maybeUse('queue')) return
      const { Cron } = await import('croner')
      const job = new Cron(
        options.enforceSchedule,
        { name: 'budget.enforce', timezone: 'UTC', protect: true },
        async () => {
          try {
            if (options.importHermes) await service.importHermes()
            await service.enforce()
          } catch (err) {
            host.log.error({ err: String(err) }, 'budget enforcer failed')
          }
        },
      )
      host.onClose(() => job.stop())
    })
  },
})

/** The estimate to reserve: `with: { tokens, cost }` of budget/reserve, else the step's `estimate`, else the playbook's `budget`. */
function estimateOf(
  ctx: StepContext,
  runLevel: boolean,
): { tokens?: number; cost?: number; model?: string } | undefined {
  const input = (ctx.input && typeof ctx.input === 'object' ? ctx.input : {}) as Record<string, unknown>
  const model =
    typeof input.model === 'string' ? input.model : typeof ctx.model === 'string' ? ctx.model : undefined
  const pick = (o: unknown) => {
    if (!o || typeof o !== 'object') return undefined
    const { tokens, cost } = o as { tokens?: number; cost?: number }
    if (tokens === undefined && cost === undefined) return undefined
    return {
      ...(tokens !== undefined ? { tokens } : {}),
      ...(cost !== undefined ? { cost } : {}),
      ...(model ? { model } : {}),
    }
  }
  if (runLevel) return pick(input) ?? pick(ctx.estimate) ?? pick(ctx.budget) ?? undefined
  return pick(ctx.estimate)
}
