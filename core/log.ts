/**
 * Logging: pino to stderr — JSON lines, or one readable line per record on a terminal
 * (core/log-line.ts). Secrets (token, authorization, secret) are redacted.
 */
import { prettyDestination, wantsPrettyLogs } from './log-line.js'

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
  // One-shot commands log only warnings and errors: a few lines, not worth loading pino for.
  const out = wantsPrettyLogs(stream) ? prettyDestination(stream) : stream
  if (['warn', 'error', 'fatal', 'silent'].includes(level)) return quietLogger(level, out, { app: 'timmy' })
  const { default: pino } = await import('pino')
  const redact = {
    paths: ['token', '*.token', 'authorization', '*.authorization', 'secret', '*.secret'],
    censor: '[redacted]',
  }
  return pino({ level, base: { app: 'timmy' }, redact }, out as never) as unknown as Logger
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

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const
const SECRET = /^(token|authorization|secret)$/i

/** JSON lines in pino's shape (level number, time, bindings, msg), for warn-and-above levels. */
function quietLogger(
  level: string,
  stream: { write(line: string): unknown },
  bindings: Record<string, unknown>,
): Logger {
  const min = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.warn
  const at = (name: keyof typeof LEVELS): LogFn =>
    ((obj: unknown, msg?: string) => {
      if (LEVELS[name] < min) return
      const fields = typeof obj === 'string' ? { msg: obj } : { ...(obj as object), ...(msg ? { msg } : {}) }
      const line = JSON.stringify(
        { level: LEVELS[name], time: Date.now(), ...bindings, ...fields },
        (k, v) => (SECRET.test(k) ? '[redacted]' : v),
      )
      stream.write(`${line}\n`)
    }) as LogFn
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => quietLogger(level, stream, { ...bindings, ...more }),
    level,
  }
}
