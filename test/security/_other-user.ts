/** Run a small Node script as another, unprivileged user (uid/gid 65534) through `setpriv`, when we are root. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export const OTHER_UID = 65534

/** Why another user cannot be used here, or undefined when it can. */
export function otherUserUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to run a client as another user (setpriv)'
  if (!existsSync('/usr/bin/setpriv') && !existsSync('/bin/setpriv')) return 'setpriv(1) is not installed'
  try {
    execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', '0'])
  } catch (err) {
    return `setpriv cannot switch to uid 65534 here (${(err as Error).message.split('\n')[0]})`
  }
  return undefined
}

/** Start `node -e <code>` as uid 65534 (stdout piped). */
export function spawnAsOther(code: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', code],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
}

/** Run `node -e <code>` as uid 65534 and resolve with its stdout (trimmed). */
export function runAsOther(code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnAsOther(code)
    let out = ''
    let err = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (err += d))
    child.on('error', reject)
    child.on('close', (status) =>
      status === 0 ? resolve(out.trim()) : reject(new Error(`exit ${status}: ${err}`)),
    )
  })
}
