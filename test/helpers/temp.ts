/** Temp folders for tests: every test runs in its own TIMMY_HOME and HERMES_HOME, never the real ones. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

type Cleanup = { after(fn: () => void): void }

export function tempDir(t?: Cleanup, prefix = 'timmy-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  // a child process still closing may write a last file while the folder goes: retry as rm -rf would
  t?.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }))
  return dir
}

export interface Sandbox {
  root: string
  /** TIMMY_HOME */
  home: string
  /** HERMES_HOME */
  hermes: string
  /** A project folder to run the CLI in. */
  cwd: string
  env: NodeJS.ProcessEnv
}

/** A fresh sandbox with its own TIMMY_HOME, HERMES_HOME, HOME and project folder. */
export function sandbox(t?: Cleanup): Sandbox {
  const root = tempDir(t)
  const home = join(root, 'timmy-home')
  const hermes = join(root, 'hermes-home')
  const cwd = join(root, 'project')
  mkdirSync(cwd, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TIMMY_HOME: home,
    HERMES_HOME: hermes,
    HOME: join(root, 'user-home'),
    NO_COLOR: '1',
  }
  delete env.TIMMY_DEBUG
  delete env.TIMMY_LOG_LEVEL
  return { root, home, hermes, cwd, env }
}
