/** Shared set-up for the bridge tests: a stand-in plugin, a real `timmy serve`, the Python harness. */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { spawnCli, waitForOutput } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

export const PLUGIN_DIR = fileURLToPath(new URL('../../config/hermes-plugins/timmy-bridge/', import.meta.url))
export const HARNESS = fileURLToPath(new URL('./harness.py', import.meta.url))
const CORE_PLUGIN = pathToFileURL(fileURLToPath(new URL('../../core/plugin.ts', import.meta.url))).href

/**
 * A drop-in plugin that observes the bridge: it counts every `hermesEvent` and `usage`, vetoes
 * sessions named "broke" (as an exhausted budget would, through the `policy` veto service), and shows
 * what it saw at GET /test/seen. Every other service is the real built-in plugin's.
 */
export function writeStandIn(box: Sandbox): void {
  const dir = join(box.home, 'plugins', 'standin')
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')
  writeFileSync(
    join(dir, 'index.ts'),
    `import { definePlugin } from ${JSON.stringify(CORE_PLUGIN)}
const seen: Record<string, number> = {}
const events: unknown[] = []
const usage: unknown[] = []
const queries: unknown[] = []
export default definePlugin({
  name: 'standin',
  version: '0.0.0',
  setup(host) {
    host.hooks.hermesEvent.tap('standin', (e) => {
      seen[e.hook] = (seen[e.hook] ?? 0) + 1
      events.push(e)
      if (events.length > 200) events.shift()
    })
    host.hooks.usage.tap('standin', (u) => { usage.push(u) })
    // A veto of the test's own on the beforeToolCall bail hook, before the real budget plugin's tap
    // (no budgets configured: it never vetoes).
    host.hooks.beforeToolCall.tap({ name: 'standin', stage: -300 }, (q) => {
      queries.push({ sessionId: q.sessionId, reservedTokens: q.reservedTokens, toolName: q.toolName })
      return q.sessionId === 'broke'
        ? { veto: true, reason: 'token budget exhausted (1000 of 1000 tokens)' }
        : undefined
    })
    host.hooks.serve.tap('standin', ({ app }) => {
      app.get('/test/seen', async () => ({ seen, events, usage, queries }))
    })
  },
})
`,
  )
}

export interface Served {
  box: Sandbox
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/** A real `timmy serve --port 0` in a fresh sandbox with the stand-in plugin. */
export async function serve(t: { after(fn: () => unknown): void }, box = sandbox(t)): Promise<Served> {
  writeStandIn(box)
  const child = spawnCli(['serve', '--port', '0'], {
    cwd: box.cwd,
    env: { ...box.env, TIMMY_LOG_LEVEL: 'warn' },
  })
  let exited = false
  child.on('exit', () => {
    exited = true
  })
  t.after(() => {
    if (!exited) child.kill('SIGKILL')
  })
  const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000)
  return {
    box,
    url: url!,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export async function seen(url: string): Promise<{
  seen: Record<string, number>
  events: {
    hook: string
    sessionId?: string
    payload: Record<string, unknown>
    origin?: Record<string, unknown>
  }[]
  usage: Record<string, unknown>[]
  queries: { sessionId?: string; reservedTokens: number; toolName?: string }[]
}> {
  const res = await fetch(`${url}/test/seen`)
  return (await res.json()) as never
}

export interface HarnessResult {
  registered: string[]
  results: { hook: string; returned: unknown; raised: string | null; elapsed_ms: number }[]
  flushed: boolean
  stats: Record<string, number>
}

/** Run the Python harness: register the plugin with a stand-in ctx, call hooks, print what happened. */
export function runHarness(
  script: { calls: { hook: string; kwargs: Record<string, unknown> }[]; flush?: number },
  env: NodeJS.ProcessEnv,
): Promise<HarnessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [HARNESS, PLUGIN_DIR], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`harness exited ${code}:\n${err}\n${out}`))
      try {
        resolve(JSON.parse(out) as HarnessResult)
      } catch {
        reject(new Error(`harness printed no JSON:\n${out}\n${err}`))
      }
    })
    child.stdin.end(JSON.stringify(script))
  })
}
