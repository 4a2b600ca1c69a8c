/**
 * The runner. It taps nothing; it calls the hooks. Per run: `beforeRun` (a veto stops the run) →
 * per step: `if:` (false → skipped, reason recorded) → `beforeStep` (a veto skips the step, reason
 * recorded) → the pool runs the step → `usage` (when it reports tokens) → `afterStep` → effects applied through their handlers, or only
 * recorded in a dry run → `afterRun` with the report. A failed step stops the run; later steps are
 * recorded as skipped.
 */
import { randomUUID } from 'node:crypto'
import { E, reasonOf, TimmyError } from '../errors.js'
import type {
  AppliedEffect,
  Hooks,
  RunContext,
  RunReport,
  StepContext,
  StepResult,
  WorkItem,
} from '../hooks.js'
import type { EffectHandler } from '../plugin.js'
import type { StepPool, StepReturn } from '../pool/types.js'
import { evaluate, truthy } from './expression.js'
import type { CompiledStep, LoadedPlaybook } from './load-playbook.js'
import { renderTemplate } from './template.js'

export interface RunnerDeps {
  hooks: Pick<Hooks, 'beforeRun' | 'afterRun' | 'beforeStep' | 'afterStep' | 'usage'>
  pool: StepPool
  effects: ReadonlyMap<string, { handler: EffectHandler }>
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
    const result = await runStep(step, base, scope, opts, deps, now)
    steps.push(result)
    outputs[step.id] = { output: result.output, outcome: result.outcome }
    if (result.outcome === 'failed') failed = result
  }
  const vetoed = steps.find((s) => s.outcome === 'vetoed')
  if (failed) return finish('failed', `step "${failed.stepId}" failed: ${failed.error?.message}`)
  if (vetoed)
    return finish('vetoed', `step "${vetoed.stepId}" was vetoed: ${vetoed.reason ?? 'no reason given'}`)
  return finish('ok')
}

async function runStep(
  step: CompiledStep,
  base: StepBase,
  scope: Record<string, unknown>,
  opts: RunOptions,
  deps: RunnerDeps,
  now: () => number,
): Promise<StepResult> {
  const t0 = now()
  if (step.if && !truthy(evaluate(step.if, scope))) {
    const skipped: StepResult = {
      ...base,
      input: undefined,
      outcome: 'skipped',
      reason: `if: ${step.ifText} was false`,
      durationMs: 0,
    }
    await deps.hooks.afterStep.promise(skipped)
    return skipped
  }
  const params = renderTemplate(step.with, scope) as Record<string, unknown>
  const ctx: StepContext = { ...base, input: params }
  const veto = await deps.hooks.beforeStep.promise(ctx)
  if (veto) {
    const vetoed: StepResult = {
      ...ctx,
      outcome: 'vetoed',
      reason: veto.reason,
      ...(veto.by ? { vetoedBy: veto.by } : {}),
      durationMs: now() - t0,
    }
    await deps.hooks.afterStep.promise(vetoed)
    return vetoed
  }
  let result: StepResult
  try {
    const returned = await execute(step, params, scope, opts, deps)
    result = {
      ...ctx,
      outcome: 'ok',
      output: returned.output,
      ...(returned.effects?.length ? { effects: returned.effects } : {}),
      ...(returned.usage ? { usage: returned.usage } : {}),
      durationMs: now() - t0,
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
    result = { ...ctx, outcome: 'failed', error: errorOf(err), durationMs: now() - t0 }
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
  await deps.hooks.afterStep.promise(result)
  if (result.outcome === 'ok' && result.effects?.length) await applyEffects(result, step, opts, deps)
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
  opts: RunOptions,
  deps: RunnerDeps,
): Promise<void> {
  const effects = result.effects ?? []
  const applied: AppliedEffect[] = []
  result.applied = applied
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
      const answer = await handler.handler(e, { dryRun: false, runId: result.runId })
      applied.push({ kind: e.kind, status: 'applied', ...(answer === undefined ? {} : { result: answer }) })
      // An agent's answer becomes the step's output `text` (later steps use `steps.<id>.output.text`).
      const text = (answer as { run?: { text?: unknown } } | undefined)?.run?.text
      if (e.kind === 'agent.dispatch' && typeof text === 'string')
        result.output = { ...(result.output as Record<string, unknown> | undefined), text }
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

function errorOf(err: unknown): { code?: string; message: string } {
  if (err instanceof TimmyError) return { code: err.code, message: err.bare }
  const code = (err as { code?: unknown } | null)?.code
  return { ...(typeof code === 'string' ? { code } : {}), message: reasonOf(err) }
}
