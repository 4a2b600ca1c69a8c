/**
 * The runner. It taps nothing; it calls the hooks. Per run: `beforeRun` (a veto stops the run) →
 * per step: a step that reads the output of a step that did not run ok is skipped → `if:` (false →
 * skipped, reason recorded) → `beforeStep` (a veto skips the step, reason recorded) → the pool runs the
 * step → `usage` (when it reports tokens) → each effect's target repo checked against the lane's
 * `repos:` (one outside it refuses the step's effects and fails the step, in a dry run too) → effects
 * applied through their handlers, or only recorded in a dry run → `afterStep` with the final result
 * (observers see what happened, never a guess; nothing changes it afterwards) → `afterRun` with the
 * report. A failed step stops the run; later steps are recorded as skipped. A plugin that could not
 * record usage fails the step (tap failures of the `usage` hook while the step ran); one that could not
 * record a step (`afterStep`) fails the run.
 */
import { randomUUID } from 'node:crypto'
import type { Effect, Hooks, RunContext, RunReport, StepResult, WorkItem } from '../../core/hooks.js'
import type { EffectHandler } from '../../core/plugin.js'
import { collectTapErrors } from '../../core/tap-errors.js'
import type { StepPool, StepReturn } from '../pool/pool-types.js'
import type { LoadedPlaybook } from './load-playbook.js'
import { recordFailed } from './runner/record-failed.js'
import { runStep } from './runner/run-step.js'
import type { StepBase } from './runner/step-base.js'

export interface RunnerDeps {
  hooks: Pick<Hooks, 'beforeRun' | 'afterRun' | 'beforeStep' | 'afterStep' | 'usage'>
  pool: StepPool
  effects: ReadonlyMap<string, { handler: EffectHandler }>
  /** Throws TIMMY_ERR_EFFECT_INVALID_PAYLOAD when an effect does not match its handler's schema (host.checkEffect). */
  checkEffect?: (effect: Effect) => void
  now?: () => number
}

export interface RunOptions {
  item?: WorkItem
  /** Run parameters (`--with key=value`), visible to expressions as `with.<key>`. */
  with?: Record<string, unknown>
  /** Record effects in the plan instead of applying them (the default). */
  dryRun?: boolean
  /** An effect kind without a handler fails its step (default true; test-playbooks checks plans only). */
  requireHandlers?: boolean
  /** Canned results by step id or `use` (test-playbooks): the step is not sent to the pool. */
  stubs?: ReadonlyMap<string, StepReturn>
  /** Steps replaced by another step (by id or `use`), e.g. the fake agent for `dispatch/agent`. */
  replace?: ReadonlyMap<string, { module: string; name: string; use: string }>
  signal?: AbortSignal
  runId?: string
  /** Default step timeout (ms) when a step declares none. */
  stepTimeoutMs?: number
}

export async function runPlaybook(
  pb: LoadedPlaybook,
  opts: RunOptions,
  deps: RunnerDeps,
): Promise<RunReport> {
  const now = deps.now ?? Date.now
  const dryRun = opts.dryRun ?? true
  const started = now()
  const run: RunContext = {
    runId: opts.runId ?? randomUUID(),
    playbook: pb.name,
    lane: pb.lane.name,
    wizard: pb.lane.wizard,
    dryRun,
    ...(pb.budget ? { budget: pb.budget } : {}),
    ...(opts.item ? { item: opts.item } : {}),
  }
  const steps: StepResult[] = []
  const finish = async (outcome: RunReport['outcome'], reason?: string): Promise<RunReport> => {
    const finishedAt = now()
    const tokens = { input: 0, output: 0 }
    for (const s of steps) {
      tokens.input += s.usage?.input_tokens ?? 0
      tokens.output += s.usage?.output_tokens ?? 0
    }
    const report: RunReport = {
      ...run,
      outcome,
      steps,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - started,
      tokens,
      ...(reason ? { reason } : {}),
    }
    await deps.hooks.afterRun.promise(report)
    return report
  }

  const veto = await deps.hooks.beforeRun.promise(run)
  if (veto) return finish('vetoed', `${veto.by ?? 'a plugin'}: ${veto.reason}`)
  const { value: end, errors } = await collectTapErrors(() => runSteps(pb, run, opts, deps, now, steps))
  // A step result that a plugin could not record (ledger, provenance): the run says so and fails.
  const lost = errors.find((e) => e.details?.hook === 'afterStep' || e.details?.hook === 'usage')
  if (lost && end.outcome !== 'failed') {
    const err = recordFailed(lost)
    return finish('failed', `${err.code}: ${err.bare}`)
  }
  return finish(end.outcome, end.reason)
}

async function runSteps(
  pb: LoadedPlaybook,
  run: RunContext,
  opts: RunOptions,
  deps: RunnerDeps,
  now: () => number,
  steps: StepResult[],
): Promise<{ outcome: RunReport['outcome']; reason?: string }> {
  const dryRun = run.dryRun

  const lane = { ...pb.lane }
  const outputs: Record<string, { output?: unknown; outcome: StepResult['outcome'] }> = {}
  const scope = {
    steps: outputs,
    event: opts.item?.payload,
    item: opts.item,
    with: opts.with ?? {},
    lane,
    run: { runId: run.runId, playbook: pb.name, dryRun },
  }
  let failed: StepResult | undefined
  for (const step of pb.steps) {
    const base: StepBase = {
      runId: run.runId,
      stepId: step.id,
      playbook: pb.name,
      lane: pb.lane.name,
      use: step.use,
      dryRun,
      ...(step.estimate ? { estimate: step.estimate } : {}),
    }
    if (failed) {
      const skipped: StepResult = {
        ...base,
        input: undefined,
        outcome: 'skipped',
        reason: `step "${failed.stepId}" failed`,
        durationMs: 0,
      }
      await deps.hooks.afterStep.promise(skipped)
      steps.push(skipped)
      outputs[step.id] = { outcome: 'skipped' }
      continue
    }
    const result = await runStep(step, base, scope, outputs, pb.lane, opts, deps, now)
    await deps.hooks.afterStep.promise(result)
    steps.push(result)
    outputs[step.id] = { output: result.output, outcome: result.outcome }
    if (result.outcome === 'failed') failed = result
  }
  const vetoed = steps.find((s) => s.outcome === 'vetoed')
  if (failed) return { outcome: 'failed', reason: `step "${failed.stepId}" failed: ${failed.error?.message}` }
  if (vetoed)
    return {
      outcome: 'vetoed',
      reason: `step "${vetoed.stepId}" was vetoed: ${vetoed.reason ?? 'no reason given'}`,
    }
  return { outcome: 'ok' }
}
