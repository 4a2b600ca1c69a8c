import { TimmyError } from '../../../core/errors.js'
import type { Effect } from '../../../core/hooks.js'
import type { RunnerDeps } from '../run-playbook.js'

/** The effect's payload error against its handler's schema, or undefined. */
export function invalidPayload(effect: Effect, deps: RunnerDeps): TimmyError | undefined {
  try {
    deps.checkEffect?.(effect)
    return undefined
  } catch (err) {
    if (err instanceof TimmyError) return err
    throw err
  }
}
