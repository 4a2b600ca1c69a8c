/**
 * `$TIMMY_HOME/deploy/`: `state.json` (last known-good, generations rolled back from, history),
 * `journal.json` (present only while a switch is in flight) and `lock` (one deploy at a time).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { HermesService } from '../hermes/types.js'
import { E } from './errors.js'
import { generationDir, listGenerations } from './generations.js'

export interface DeployState {
  lastKnownGood: number | null
  /** Generations that were rolled back from: never picked by a default rollback. */
  bad: number[]
  history: { generation: number; op: 'deploy' | 'rollback' | 'recover'; at: string; commit?: string }[]
}

export interface Journal {
  op: 'deploy' | 'rollback'
  from: number | null
  to: number
  startedAt: string
  pid: number
  commit?: string
}

export const deployDir = (home: string) => join(home, 'deploy')
const stateFile = (home: string) => join(deployDir(home), 'state.json')
export const journalFile = (home: string) => join(deployDir(home), 'journal.json')

export function readState(home: string): DeployState {
  try {
    return JSON.parse(readFileSync(stateFile(home), 'utf8')) as DeployState
  } catch {
    return { lastKnownGood: null, bad: [], history: [] }
  }
}

export function writeState(hermes: HermesService, home: string, state: DeployState): void {
  const trimmed = { ...state, history: state.history.slice(-200) }
  // Not fsynced: the live link is the truth; a state lost to a power cut only loses history.
  hermes.files.writeFileAtomic(stateFile(home), `${JSON.stringify(trimmed, null, 2)}\n`, 0o600, {
    durable: false,
  })
}

/** A deploy's journal travels inside its staged generation (`pending.json`, fsynced with it). */
export const pendingFile = (home: string, n: number) => join(generationDir(home, n), 'pending.json')

/** The transaction in flight: a rollback's `journal.json`, or the newest generation still pending. */
export function readJournal(home: string): Journal | null {
  const parse = (file: string) => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Journal
    } catch {
      return null
    }
  }
  const own = parse(journalFile(home))
  if (own) return own
  for (const n of listGenerations(home).reverse()) {
    if (!existsSync(pendingFile(home, n))) continue
    const pending = parse(pendingFile(home, n))
    if (pending) return pending
  }
  return null
}

export function writeJournal(hermes: HermesService, home: string, journal: Journal): void {
  hermes.files.writeFileAtomic(journalFile(home), `${JSON.stringify(journal)}\n`, 0o600)
}

/** Not fsynced: a journal that comes back after a power cut is finished again, which changes nothing. */
export function clearJournal(hermes: HermesService, home: string): void {
  rmSync(journalFile(home), { force: true })
  for (const n of listGenerations(home)) rmSync(pendingFile(home, n), { force: true })
  hermes.files.crashPoint()
}

/** Take the deploy lock (a pid file; a lock whose process is gone is taken over). */
export function acquireDeployLock(home: string): () => void {
  mkdirSync(deployDir(home), { recursive: true, mode: 0o700 })
  const file = join(deployDir(home), 'lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number(readFileSafe(file))
      if (pid && pid !== process.pid && alive(pid)) throw E.DEPLOY_LOCKED({ pid, file }, { exitCode: 1 })
      rmSync(file, { force: true })
    }
  }
  throw E.DEPLOY_LOCKED({ pid: 0, file }, { exitCode: 1 })
}

function readFileSafe(file: string): string {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : ''
  } catch {
    return ''
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
