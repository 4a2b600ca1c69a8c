/** Start the rehearsal's processes (the fake Gitea, `timmy serve`) and run `timmy` commands, each its own process. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BIN, ROOT, runCli, TSX } from '../helpers/cli.js'

const START_GITEA = fileURLToPath(new URL('./start-fake-gitea.ts', import.meta.url))

export interface FakeGiteaProcess {
  url: string
  control: string
  tokens: Record<string, string>
  child: ChildProcess
  /** The whole fake state (GET /state on the control server). */
  state(): Promise<FakeGiteaDump>
  call(path: string, body: unknown): Promise<any>
}

export interface DumpIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  user: string
  labels: string[]
  assignees: string[]
  comments: { user: string; body: string }[]
  pull?: { head: string; base: string; merged: boolean; mergeable: boolean; headSha: string }
}
export interface FakeGiteaDump {
  repos: Record<string, { labels: string[]; branches: string[]; issues: DumpIssue[] }>
  /** Each webhook sent: its event, action, the answer's status, and which URL (which host) got it. */
  deliveries: { event: string; action?: string; status: number; repo: string; url: string }[]
}

/** Resolves with the first line a child writes to stdout. */
function firstLine(child: ChildProcess, what: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${err}`)), timeoutMs)
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl >= 0) {
        clearTimeout(timer)
        resolve(out.slice(0, nl))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited (${code}) before it started:\n${err}`))
    })
  })
}

export async function startFakeGiteaProcess(env: NodeJS.ProcessEnv): Promise<FakeGiteaProcess> {
  const child = spawn(process.execPath, ['--import', TSX, START_GITEA], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const info = JSON.parse(await firstLine(child, 'the fake Gitea')) as {
    url: string
    control: string
    tokens: Record<string, string>
  }
  const call = async (path: string, body: unknown): Promise<any> => {
    const res = await fetch(`${info.control}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const json = await res.json()
    if (res.status !== 200) throw new Error(`fake Gitea control ${path}: ${JSON.stringify(json)}`)
    return json
  }
  return { ...info, child, call, state: () => call('/state', undefined) }
}

export interface ServeProcess {
  url: string
  child: ChildProcess
  logFile: string
  /** Every line serve wrote so far (stdout and stderr). */
  log(): string[]
}

export async function startServe(o: {
  cwd: string
  env: NodeJS.ProcessEnv
  logFile: string
}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', TSX, BIN, 'serve'], {
    cwd: o.cwd,
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const file = createWriteStream(o.logFile)
  child.stdout!.pipe(file)
  child.stderr!.pipe(file)
  const url = await new Promise<string>((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`timmy serve did not listen:\n${seen}`)), 60_000)
    child.stderr!.on('data', (d) => {
      seen += d
      const m = /timmy serve listening on (http:\/\/\S+)/.exec(seen)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`timmy serve exited (${code}) before it listened:\n${seen}`))
    })
  })
  return {
    url,
    child,
    logFile: o.logFile,
    log: () => readFileSync(o.logFile, 'utf8').split('\n').filter(Boolean),
  }
}

/** Run `timmy <args> --json` as its own process; parse stdout. Throws with stderr on a bad exit. */
export async function timmyJson<T = any>(
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; okCodes?: number[] },
): Promise<{ code: number | null; value: T; stderr: string }> {
  const r = await runCli([...args, '--json'], { cwd: o.cwd, env: o.env, timeoutMs: 60_000 })
  if (!(o.okCodes ?? [0]).includes(r.code ?? -1))
    throw new Error(`timmy ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}`)
  let value: T
  try {
    value = JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`timmy ${args.join(' ')} printed no JSON:\n${r.stdout}\n${r.stderr}`)
  }
  return { code: r.code, value, stderr: r.stderr }
}

/** Stop a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Poll `check` until it returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 45_000,
  everyMs = 300,
): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
      )
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
