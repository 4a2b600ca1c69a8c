/** A handler's answer may say the effect was carried out but failed (`error`), e.g. an agent that exited non-zero. */
export function failureOf(answer: unknown): { code?: string; message: string } | undefined {
  const error = (answer as { error?: unknown } | null)?.error
  if (!error || typeof error !== 'object') return undefined
  const { code, message } = error as { code?: unknown; message?: unknown }
  return {
    ...(typeof code === 'string' ? { code } : {}),
    message: typeof message === 'string' ? message : 'failed',
  }
}
