/**
 * `defineStep({ inputs, outputs, effects, run })`: a step function that carries its contract. The
 * result is still a plain async function (the worker calls it as before); `inputs` (TypeBox schema
 * of `with:`), `outputs` (schema of `output`) and `effects` (the kinds it may return) ride on it as
 * properties, which the step catalogue reads on the main thread so `timmy validate` can check a
 * playbook's `with:` keys and types and its `${{ steps.<id>.output.<path> }}` references.
 */
import type { Static, TSchema } from '@sinclair/typebox'
import type { Effect, Usage } from './hooks.js'

/** What the runner hands a step: its rendered `with:` plus the run's context (plain data). */
export interface StepInput<W = Record<string, unknown>> {
  with: W
  event?: unknown
  item?: {
    id?: string
    event?: string
    repo?: string
    issue?: number
    payload?: Record<string, any>
  }
  steps?: Record<string, { output?: unknown; outcome: string }>
  lane?: {
    name: string
    wizard: string
    model?: string
    provider?: string
    toolsets?: string[]
    repos?: string[]
  }
  run?: { runId?: string; playbook?: string }
}

export interface StepContract<I extends TSchema, O extends TSchema> {
  /** Schema of `with:` (an object schema: unknown keys are refused unless it allows more). */
  inputs?: I
  /** Schema of the step's `output` (an object schema: `${{ }}` paths into it are checked). */
  outputs?: O
  /** Effect kinds the step may return (checked against the registered handlers). */
  effects?: readonly string[]
}

export type StepFunction<I extends TSchema = TSchema, O extends TSchema = TSchema> = ((
  input: StepInput<Static<I>>,
) => Promise<{ output: Static<O>; effects?: Effect[]; usage?: Usage }>) &
  StepContract<I, O>

export function defineStep<I extends TSchema, O extends TSchema>(
  step: StepContract<I, O> & {
    run(input: StepInput<Static<I>>): Promise<{ output: Static<O>; effects?: Effect[]; usage?: Usage }>
  },
): StepFunction<I, O> {
  const fn = (input: StepInput<Static<I>>) => step.run(input)
  return Object.assign(fn, {
    ...(step.inputs ? { inputs: step.inputs } : {}),
    ...(step.outputs ? { outputs: step.outputs } : {}),
    ...(step.effects ? { effects: step.effects } : {}),
  })
}
