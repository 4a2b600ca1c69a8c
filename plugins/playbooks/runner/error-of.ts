import { reasonOf, TimmyError } from '../../../core/errors.js'

/** A thrown value as a step's `error` (code when it has one, the bare message). */
export function errorOf(err: unknown): { code?: string; message: string } {
  if (err instanceof TimmyError) return { code: err.code, message: err.bare }
  const code = (err as { code?: unknown } | null)?.code
  return { ...(typeof code === 'string' ? { code } : {}), message: reasonOf(err) }
}
