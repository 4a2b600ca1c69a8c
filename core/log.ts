/** Logging: pino, JSON lines to stderr. Secrets (token, authorization, secret) are redacted. */

type LogFn = {
  (msg: string): void
  (obj: object, msg?: string): void
}

export interface Logger {
  trace: LogFn
  debug: LogFn
  info: LogFn
  warn: LogFn
  error: LogFn
  fatal: LogFn
  child(bindings: Record<string, unknown>): Logger
  level: string
}

export async function createLogger(
  level: string,
  stream: NodeJS.WritableStream = process.stderr,
): Promise<Logger> {
  const { default: pino } = await import('pino')
  const redact = {
    paths: ['token', '*.token', 'authorization', '*.authorization', 'secret', '*.secret'],
    censor: '[redacted]',
  }
  return pino({ level, base: { app: 'timmy' }, redact }, stream as never) as unknown as Logger
}

/** A logger that drops everything (tests, `--json` commands that must keep stderr clean). */
export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child: () => silentLogger,
  level: 'silent',
}
