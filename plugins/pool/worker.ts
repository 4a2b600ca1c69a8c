/**
 * The piscina worker: import a steps module (once per thread), call the named step over plain data,
 * check the result's shape, and reply with data (errors included, so their codes survive).
 * Steps modules load as core/import-steps.ts loads them (TypeScript through tsx; a drop-in's may
 * `import … from 'timmy'`).
 */
import { importSteps } from '../../core/import-steps.js'
import type { StepReturn, StepTask, WorkerReply } from './pool-types.js'

const modules = new Map<string, Promise<Record<string, unknown>>>()

function loadModule(url: string): Promise<Record<string, unknown>> {
  let found = modules.get(url)
  if (!found) {
    found = importSteps(url)
    modules.set(url, found)
    found.catch(() => modules.delete(url))
  }
  return found
}

export default async function runStep(task: StepTask): Promise<WorkerReply> {
  let mod: Record<string, unknown>
  try {
    mod = await loadModule(task.module)
  } catch (err) {
    return { ok: false, error: { kind: 'load', message: messageOf(err) } }
  }
  const fn = mod[task.name]
  if (typeof fn !== 'function' || task.name === 'default') {
    const known = Object.keys(mod)
      .filter((k) => typeof mod[k] === 'function' && k !== 'default')
      .join(', ')
    return { ok: false, error: { kind: 'not-found', message: `no step ${task.name}`, known } }
  }
  let result: unknown
  try {
    result = await (fn as (input: unknown) => unknown)(task.input)
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code
    return {
      ok: false,
      error: { kind: 'threw', message: messageOf(err), ...(typeof code === 'string' ? { code } : {}) },
    }
  }
  const problem = checkResult(result)
  if (problem) return { ok: false, error: { kind: 'bad-result', message: problem } }
  return { ok: true, result: (result ?? {}) as StepReturn }
}

function checkResult(result: unknown): string | undefined {
  if (result === undefined) return undefined
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    return `expected an object { output, effects?, usage? }, got ${Array.isArray(result) ? 'a list' : String(result)}`
  const { effects, usage } = result as StepReturn
  if (effects !== undefined) {
    if (!Array.isArray(effects)) return '"effects" must be a list'
    for (const [i, e] of effects.entries()) {
      if (typeof e !== 'object' || e === null || typeof (e as { kind?: unknown }).kind !== 'string')
        return `effects[${i}] must be an object with a string "kind"`
    }
  }
  if (usage !== undefined && (typeof usage !== 'object' || usage === null)) return '"usage" must be an object'
  return undefined
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name
  return String(err)
}
