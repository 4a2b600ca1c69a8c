/**
 * Hold Hermes' advisory lock (`cron/.jobs.lock`, taken with `fcntl.flock` by Hermes' Python) while
 * `fn` runs. Node has no flock, so a `flock(1)` child takes it and holds it until its stdin closes; if
 * timmy dies, the pipe closes and the lock is released with it. Without `flock(1)` on the PATH timmy
 * fails closed (`TIMMY_ERR_HERMES_LOCK_UNAVAILABLE`): it never writes Hermes' file without the lock.
 */
import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { childEnv } from './child-env.js'
import { E } from './errors.js'

export async function withFileLock<T>(
  lockFile: string,
  fn: () => T | Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  mkdirSync(dirname(lockFile), { recursive: true, mode: 0o700 })
  closeSync(openSync(lockFile, 'a', 0o600))
  const seconds = Math.max(1, Math.ceil((options.timeoutMs ?? 10_000) / 1000))
  const child = spawn(
    'flock',
    ['-x', '-w', String(seconds), lockFile, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
    { stdio: ['pipe', 'pipe', 'ignore'], env: childEnv() },
  )
  const got = await new Promise<'locked' | 'timeout' | 'missing'>((resolve) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('locked')) resolve('locked')
    })
    child.on('error', () => resolve('missing'))
    child.on('close', (code) => resolve(code === 1 ? 'timeout' : 'missing'))
  })
  if (got === 'timeout') throw E.HERMES_LOCK_TIMEOUT({ file: lockFile, seconds }, { exitCode: 1 })
  if (got === 'missing') throw E.HERMES_LOCK_UNAVAILABLE({ file: lockFile }, { exitCode: 1 })
  try {
    return await fn()
  } finally {
    const closed = new Promise((r) => child.once('close', r))
    child.stdin!.end()
    await closed
  }
}
