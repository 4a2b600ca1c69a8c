import { reasonOf, type TimmyError } from '../../../core/errors.js'
import { E } from '../errors.js'

/** A usage or afterStep tap failure as PLAYBOOK_RECORD_FAILED naming the plugin and hook. */
export function recordFailed(err: TimmyError): TimmyError {
  return E.PLAYBOOK_RECORD_FAILED(
    {
      plugin: String(err.details?.plugin ?? 'a plugin'),
      hook: String(err.details?.hook ?? 'usage'),
      reason: reasonOf(err.cause ?? err),
    },
    { exitCode: 1 },
  )
}
