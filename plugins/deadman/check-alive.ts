/**
 * Checks that run commands or read the system: the `heartbeat` task's liveness check (a live pid in
 * `pidFile` — a zombie counts as dead — or the `check` argv exiting 0), the `heartbeat_heavy` probe,
 * and the preflight that finds missing commands and unusable stamp folders before anything runs.
 */
import { readFileSync } from 'node:fs'
import type { TimmyError } from '../../core/errors.js'
import type { HermesService } from '../hermes/types.js'
import { E } from './errors.js'
import type { Tuning, WizardTuning } from './options.js'
import { type ArgvResult, commandExists, runArgv } from './run-argv.js'
import { checkStampDir } from './stamp.js'

/** Whether `pid` is a live process (a zombie, whose parent never reaped it, is dead). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    try {
      readFileSync('/proc/self/stat')
      return false // /proc exists but the pid vanished meanwhile
    } catch {
      return true // no /proc (not Linux): trust kill(0)
    }
  }
}

/** The `heartbeat` task's liveness check: a live pid in `pidFile`, or `check` exiting 0. */
export async function isAlive(
  w: WizardTuning,
  timeoutMs: number,
  childEnv: HermesService['childEnv'],
): Promise<boolean> {
  if (w.pidFile) {
    try {
      const pid = Number.parseInt(readFileSync(w.pidFile, 'utf8').trim(), 10)
      if (pidAlive(pid)) return true
      if (!w.check) return false
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') return true
      if (!w.check) return false
    }
  }
  if (w.check) {
    const res = await runArgv(w.check, { timeoutMs, childEnv, ...(w.env ? { env: w.env } : {}) })
    return res.code === 0
  }
  return false
}

/** Run a wizard's model health probe. */
export function probeWizard(
  w: WizardTuning,
  timeoutMs: number,
  childEnv: HermesService['childEnv'],
): Promise<ArgvResult> {
  return runArgv(w.probe!, { timeoutMs, childEnv, ...(w.env ? { env: w.env } : {}) })
}

export function preflight(
  tuning: Tuning,
  childEnv: HermesService['childEnv'],
): { wizard: string; code: string; message: string }[] {
  const out: { wizard: string; code: string; message: string }[] = []
  const note = (wizard: string, err: TimmyError) => out.push({ wizard, code: err.code, message: err.bare })
  for (const w of tuning.wizards.values()) {
    const env = childEnv(w.env ? { set: w.env } : {})
    for (const role of ['restart', 'check', 'probe'] as const) {
      const argv = w[role]
      if (argv && !commandExists(argv[0]!, env))
        note(
          w.name,
          E.DEADMAN_RESTART_NOT_FOUND({ wizard: w.name, command: argv[0]!, role }, { exitCode: 1 }),
        )
    }
    try {
      checkStampDir(w.name, w.stamp)
    } catch (err) {
      note(w.name, err as TimmyError)
    }
  }
  return out
}
