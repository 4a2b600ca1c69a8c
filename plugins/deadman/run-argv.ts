/**
 * Run an argv list without a shell (restart actions, liveness checks, probes), with an allow-listed
 * environment (core/child-env.ts). Resolves with the exit
 * code; a command that does not exist is reported as `notFound`, a timeout kills the process.
 * Waits for the process to exit, not for its pipes to close: a restart action may leave a
 * daemonised agent running that inherited them.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import type { HermesService } from '../hermes/types.js'

export interface ArgvResult {
  code: number | null
  signal: NodeJS.Signals | null
  notFound: boolean
  timedOut: boolean
  /** The last 2 KB of stderr. */
  stderr: string
  error?: string
}

/**
 * `env`: values set for the command; `passEnv`: names of timmy's environment passed through beside the
 * allow-list of the hermes service's `childEnv` (nothing else of timmy's environment reaches the command).
 */
export function runArgv(
  argv: readonly string[],
  options: {
    timeoutMs: number
    /** The hermes service's `childEnv` (the allow-list). */
    childEnv: HermesService['childEnv']
    env?: Record<string, string>
    passEnv?: readonly string[]
    cwd?: string
  },
): Promise<ArgvResult> {
  return new Promise((resolve) => {
    const [file, ...args] = argv
    let stderr = ''
    let timedOut = false
    let settled = false
    const done = (r: Omit<ArgvResult, 'stderr' | 'timedOut'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stderr?.destroy()
      resolve({ ...r, stderr: stderr.slice(-2048), timedOut })
    }
    const child = spawn(file!, args, {
      shell: false,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: options.childEnv({
        ...(options.passEnv ? { pass: options.passEnv } : {}),
        ...(options.env ? { set: options.env } : {}),
      }),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs)
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4096)
    })
    child.on('error', (err: NodeJS.ErrnoException) =>
      done({
        code: null,
        signal: null,
        notFound: err.code === 'ENOENT' || err.code === 'EACCES',
        error: err.message,
      }),
    )
    child.on('exit', (code, signal) => done({ code, signal, notFound: false }))
  })
}

/** Whether argv[0] names an executable file (absolute/relative path, or found on PATH). */
export function commandExists(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const candidates =
    command.includes('/') || isAbsolute(command)
      ? [command]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, command))
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue
      accessSync(c, constants.X_OK)
      return true
    } catch {}
  }
  return false
}

export function describeResult(r: ArgvResult): string {
  if (r.notFound) return r.error ?? 'not found'
  if (r.timedOut) return 'timed out (killed)'
  const tail = r.stderr.trim().split('\n').slice(-1)[0]
  const how = r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`
  return tail ? `${how}: ${tail}` : how
}
