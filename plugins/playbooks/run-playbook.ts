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
import { reasonOf, TimmyError } from '../../core/errors.js'
import type {
  AppliedEffect,
  Effect,
  Hooks,
  RunContext,
  RunReport,
  StepContext,
  StepResult,
  WorkItem,
} from '../../core/hooks.js'
import type { EffectHandler } from '../../core/plugin.js'
import { collectTapErrors } from '../../core/tap-errors.js'
import type { StepPool, StepReturn } from '../pool/pool-types.js'
import { inputProblem } from './check-step-io.js'
import { E } from './errors.js'
import { evaluate, truthy } from './expression.js'
import type { CompiledStep, LoadedPlaybook } from './load-playbook.js'
import { refuseEffectRepo } from './refuse-effect-repo.js'
import { renderTemplate } from './template.js'

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

type StepBase = Pick<StepContext, 'runId' | 'stepId' | 'playbook' | 'lane' | 'use' | 'dryRun' | 'estimate'>

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

function recordFailed(err: TimmyError): TimmyError {
  return E.PLAYBOOK_RECORD_FAILED(
    {
      plugin: String(err.details?.plugin ?? 'a plugin'),
      hook: String(err.details?.hook ?? 'usage'),
      reason: reasonOf(err.cause ?? err),
    },
    { exitCode: 1 },
  )
}

async function runStep(
  step: CompiledStep,
  base: StepBase,
  scope: Record<string, unknown>,
  outputs: Readonly<Record<string, { outcome: StepResult['outcome'] }>>,
  lane: LoadedPlaybook['lane'],
  opts: RunOptions,
  deps: RunnerDeps,
  now: () => number,
): Promise<StepResult> {
  const t0 = now()
  // A step never runs on the output of a step that did not run ok (a vetoed classification has none).
  const missing = step.needs.find((id) => outputs[id] && outputs[id].outcome !== 'ok')
  if (missing) {
    const err = E.PLAYBOOK_NEEDS_OUTPUT({ step: step.id, ref: missing, outcome: outputs[missing]!.outcome })
    return { ...base, input: undefined, outcome: 'skipped', reason: err.bare, durationMs: 0 }
  }
  if (step.if && !truthy(evaluate(step.if, scope)))
    return {
      ...base,
      input: undefined,
      outcome: 'skipped',
      reason: `if: ${step.ifText} was false`,
      durationMs: 0,
    }
  const params = renderTemplate(step.with, scope) as Record<string, unknown>
  const ctx: StepContext = { ...base, input: params }
  // What `${{ }}` rendered is checked against the step's declared inputs before it runs.
  const bad = step.info.inputs ? inputProblem(step.use, step.info.inputs, params) : undefined
  if (bad)
    return { ...ctx, outcome: 'failed', error: { code: bad.code, message: bad.bare }, durationMs: now() - t0 }
  const veto = await deps.hooks.beforeStep.promise(ctx)
  if (veto)
    return {
      ...ctx,
      outcome: 'vetoed',
      reason: veto.reason,
      ...(veto.by ? { vetoedBy: veto.by } : {}),
      durationMs: now() - t0,
    }
  const { value: result, errors } = await collectTapErrors(async () => {
    let result: StepResult
    try {
      const returned = await execute(step, params, scope, opts, deps)
      result = {
        ...ctx,
        outcome: 'ok',
        output: returned.output,
        ...(returned.effects?.length ? { effects: returned.effects } : {}),
        ...(returned.usage ? { usage: returned.usage } : {}),
        durationMs: 0,
      }
      if (opts.requireHandlers !== false) {
        const missing = returned.effects?.find((e) => !deps.effects.has(e.kind))
        if (missing) {
          const err = E.PLAYBOOK_UNHANDLED_EFFECT(
            { kind: missing.kind, step: step.use, known: [...deps.effects.keys()].sort().join(', ') },
            { exitCode: 1 },
          )
          result = { ...result, outcome: 'failed', error: { code: err.code, message: err.bare } }
        }
      }
    } catch (err) {
      result = { ...ctx, outcome: 'failed', error: errorOf(err), durationMs: 0 }
    }
    // Tokens were spent even in a dry run (the step ran): report them on the `usage` hook.
    if (result.usage)
      await deps.hooks.usage.promise({
        ...result.usage,
        source: 'playbook',
        runId: base.runId,
        stepId: base.stepId,
        playbook: base.playbook,
        ...(base.lane ? { lane: base.lane } : {}),
        at: new Date(now()).toISOString(),
      })
    if (result.outcome === 'ok' && result.effects?.length) await applyEffects(result, step, lane, opts, deps)
    return result
  })
  // Spend that no ledger holds is not an ok step: the usage hook's failures fail it, visibly.
  const lost = errors.find((e) => e.details?.hook === 'usage')
  if (lost && result.outcome !== 'failed') {
    const err = recordFailed(lost)
    result.outcome = 'failed'
    result.error = { code: err.code, message: err.bare }
  }
  result.durationMs = now() - t0
  return result
}

function execute(
  step: CompiledStep,
  params: Record<string, unknown>,
  scope: Record<string, unknown>,
  opts: RunOptions,
  deps: RunnerDeps,
): Promise<StepReturn> {
  const stub = opts.stubs?.get(step.id) ?? opts.stubs?.get(step.use)
  if (stub) return Promise.resolve(structuredClone(stub))
  const target = opts.replace?.get(step.id) ?? opts.replace?.get(step.use) ?? step.info
  const input = {
    with: params,
    event: scope.event,
    item: scope.item,
    steps: scope.steps,
    lane: scope.lane,
    run: scope.run,
  }
  const timeoutMs = step.timeoutMs ?? opts.stepTimeoutMs
  return deps.pool.run(
    { module: target.module, name: target.name, input },
    { label: step.use, ...(timeoutMs ? { timeoutMs } : {}), ...(opts.signal ? { signal: opts.signal } : {}) },
  )
}

async function applyEffects(
  result: StepResult,
  step: CompiledStep,
  lane: LoadedPlaybook['lane'],
  opts: RunOptions,
  deps: RunnerDeps,
): Promise<void> {
  const effects = result.effects ?? []
  const applied: AppliedEffect[] = []
  result.applied = applied
  // Each payload against its handler's schema, then the lane's repos, for all of the step's effects
  // before any is applied (or planned).
  const refusals = effects.map((e) => invalidPayload(e, deps) ?? refuseEffectRepo(lane, step.use, e))
  const refused = refusals.find((r) => r !== undefined)
  if (refused) {
    for (const [i, e] of effects.entries()) {
      const r = refusals[i]
      applied.push(
        r
          ? { kind: e.kind, status: 'refused', error: { code: r.code, message: r.bare } }
          : { kind: e.kind, status: 'not-applied' },
      )
    }
    result.outcome = 'failed'
    result.error = { code: refused.code, message: refused.bare }
    return
  }
  if (opts.dryRun ?? true) {
    for (const e of effects) applied.push({ kind: e.kind, status: 'planned' })
    return
  }
  let broken = false
  for (const e of effects) {
    if (broken) {
      applied.push({ kind: e.kind, status: 'not-applied' })
      continue
    }
    try {
      const handler = deps.effects.get(e.kind)
      if (!handler)
        throw E.PLAYBOOK_UNHANDLED_EFFECT({
          kind: e.kind,
          step: step.use,
          known: [...deps.effects.keys()].join(', '),
        })
      const answer = await handler.handler(e, {
        dryRun: false,
        runId: result.runId,
        stepId: result.stepId,
        playbook: result.playbook,
        ...(result.lane ? { lane: result.lane } : {}),
      })
      mergeAnswer(result, answer)
      const failure = failureOf(answer)
      if (failure) {
        // applied (it spent, it may have written) but it did not do its job: the step failed
        broken = true
        applied.push({ kind: e.kind, status: 'failed', result: answer, error: failure })
        result.outcome = 'failed'
        result.error = failure
        continue
      }
      applied.push({ kind: e.kind, status: 'applied', ...(answer === undefined ? {} : { result: answer }) })
    } catch (err) {
      broken = true
      const wrapped = E.PLAYBOOK_EFFECT_FAILED(
        { kind: e.kind, step: step.use, reason: reasonOf(err) },
        { cause: err, exitCode: 1 },
      )
      applied.push({ kind: e.kind, status: 'failed', error: errorOf(err) })
      result.outcome = 'failed'
      result.error = { code: wrapped.code, message: wrapped.bare }
    }
  }
}

/**
 * What an applied effect adds to its step: `output` fields (an agent's `text`, `verdict`), which later
 * steps read as `steps.<id>.output.*`, and `usage` (the agent's tokens; its handler already reported
 * them on the `usage` hook under the step's key, so the ledger counts them once). An answer with
 * `error: { code?, message }` fails the step (see failureOf).
 */
function mergeAnswer(result: StepResult, answer: unknown): void {
  if (!answer || typeof answer !== 'object') return
  const { output, usage } = answer as { output?: unknown; usage?: StepResult['usage'] }
  if (output && typeof output === 'object' && !Array.isArray(output)) {
    const before = result.output && typeof result.output === 'object' ? result.output : {}
    result.output = { ...(before as Record<string, unknown>), ...(output as Record<string, unknown>) }
  }
  if (usage && typeof usage === 'object' && !result.usage) result.usage = usage
}

function invalidPayload(effect: Effect, deps: RunnerDeps): TimmyError | undefined {
  try {
    deps.checkEffect?.(effect)
    return undefined
  } catch (err) {
    if (err instanceof TimmyError) return err
    throw err
  }
}

/** A handler's answer may say the effect was carried out but failed (`error`), e.g. an agent that exited non-zero. */
function failureOf(answer: unknown): { code?: string; message: string } | undefined {
  const error = (answer as { error?: unknown } | null)?.error
  if (!error || typeof error !== 'object') return undefined
  const { code, message } = error as { code?: unknown; message?: unknown }
  return {
    ...(typeof code === 'string' ? { code } : {}),
    message: typeof message === 'string' ? message : 'failed',
  }
}

function errorOf(err: unknown): { code?: string; message: string } {
  if (err instanceof TimmyError) return { code: err.code, message: err.bare }
  const code = (err as { code?: unknown } | null)?.code
  return { ...(typeof code === 'string' ? { code } : {}), message: reasonOf(err) }
}
