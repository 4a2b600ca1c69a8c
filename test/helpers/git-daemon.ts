/**
 * A local git server for tests that deploy from a config repo: `git daemon` on 127.0.0.1 (git://,
 * one of the transports `pluginOptions.deploy.webhook.remote` accepts; `file://` and local paths are refused).
 *
 *   const repo = await configRepo(t, sb.root)              // bare repo served over git://
 *   const sha = repo.commit({ 'config/SOUL.md': 'hi\n' })   // commit + push, returns the sha
 *   config: { pluginOptions: { deploy: { webhook: { enabled: true, repo: 'acme/config', remote: repo.url } } } }
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { dirname, join } from 'node:path'

type Cleanup = { after(fn: () => void | Promise<void>): void }

/** git with a fixed identity and no system/global config (deterministic in any sandbox). */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
}

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim()

export interface GitDaemon {
  port: number
  /** `git://127.0.0.1:<port>/<name>` for a repo folder `<basePath>/<name>`. */
  url(name: string): string
  close(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host: '127.0.0.1', port }, () => {
      c.destroy()
      resolve(true)
    })
    c.on('error', () => resolve(false))
  })
}

/** Serve every repo under `basePath` read-only over git:// on 127.0.0.1; stopped after the test. */
export async function startGitDaemon(t: Cleanup, basePath: string): Promise<GitDaemon> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'git',
    [
      'daemon',
      '--export-all',
      '--reuseaddr',
      `--base-path=${basePath}`,
      '--listen=127.0.0.1',
      `--port=${port}`,
      basePath,
    ],
    { env: GIT_ENV, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const exited = new Promise<void>((r) => child.once('close', () => r()))
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  t.after(close)
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) return { port, url: (name) => `git://127.0.0.1:${port}/${name}`, close }
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 50))
  }
  await close()
  throw new Error(`git daemon did not start on port ${port}: ${stderr}`)
}

export interface ConfigRepo {
  /** The bare repo on disk. */
  bare: string
  /** A working clone that `commit` writes into. */
  author: string
  /** The git:// URL to put in pluginOptions.deploy.webhook.remote. */
  url: string
  /** Write files (project-relative), commit everything, push to the served repo; returns the sha. */
  commit(files: Record<string, string>, message?: string): string
}

/** A bare config repo `<root>/served/<name>` served by its own git daemon, with an author clone. */
export async function configRepo(t: Cleanup, root: string, name = 'config.git'): Promise<ConfigRepo> {
  const served = join(root, 'served')
  const bare = join(served, name)
  const author = join(root, `author-${name.replace(/\W/g, '-')}`)
  mkdirSync(served, { recursive: true })
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare)
  git(root, 'init', '--quiet', '--initial-branch=main', author)
  const daemon = await startGitDaemon(t, served)
  return {
    bare,
    author,
    url: daemon.url(name),
    commit(files, message = 'update') {
      for (const [rel, content] of Object.entries(files)) {
        mkdirSync(dirname(join(author, rel)), { recursive: true })
        writeFileSync(join(author, rel), content)
      }
      git(author, 'add', '-A')
      git(author, 'commit', '--quiet', '--allow-empty', '-m', message)
      git(author, 'push', '--quiet', bare, 'main')
      return git(author, 'rev-parse', 'HEAD')
    },
  }
}
