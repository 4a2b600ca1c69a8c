/** A network failure's reason: the cause's code (and message) when fetch gives one, else the message. */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`
  return err instanceof Error ? err.message : String(err)
}
