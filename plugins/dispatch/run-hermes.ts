/**
 * Run one agent with `hermes [-p <profile>] -z "<prompt>" -m <model> --provider <p> -t <toolsets>
 * --usage-file <tmp>` and an explicit HERMES_HOME (FORMATS.md §0, §7): the home, or for a profile its
 * home `<home>/profiles/<profile>`, which `-p` selects (spawners must pass HERMES_HOME explicitly). No
 * shell; an allow-listed environment (core/child-env.ts plus `passEnv`: secrets of timmy never reach the
 * agent); a timeout that ends the process group; exit codes mapped to outcomes; usage read from the
 * usage file, which Hermes writes even when the run fails.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Usage } from '../../core/hooks.js'
import type { HermesService } from '../hermes/types.js'
import { E } from './errors.js'

export type AgentOutcome = 'ok' | 'failed' | 'invalid' | 'timeout' | 'killed'

export interface AgentRun {
  outcome: AgentOutcome
  exitCode: number | null
  /** The final response (stdout). */
  text: string
  stderr: string
  usage?: Usage & { session_id?: string; total_tokens?: number; api_calls?: number }
  durationMs: number
}

export interface HermesOptions {
  bin: string
  prompt: string
  hermesHome: string
  /** The hermes service's allow-listed child environment. */
  childEnv: HermesService['childEnv']
  /** A Hermes profile (a lane's wizard). */
  profile?: string
  model?: string
  provider?: string
  toolsets?: readonly string[]
  timeoutMs: number
  /** Extra variables passed through to the agent (names), beside the safe defaults. */
  passEnv?: readonly string[]
  cwd?: string
  /** The config key that names `bin`, for the error when it is missing. */
  binKey?: string
}

/** Exit codes of `hermes -z`: 0 success, 1 the agent raised or answered nothing, 2 bad flags or a failed/partial run. */
export function outcomeOf(code: number | null): AgentOutcome {
  if (code === 0) return 'ok'
  if (code === 1) return 'failed'
  if (code === 2) return 'invalid'
  return 'killed'
}

export function agentEnv(
  childEnv: HermesService['childEnv'],
  hermesHome: string,
  passEnv: readonly string[] = [],
  from: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return childEnv({ pass: passEnv, set: { HERMES_HOME: hermesHome } }, from)
}

export async function runHermes(options: HermesOptions): Promise<AgentRun> {
  if (options.profile !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.profile))
    throw E.DISPATCH_BAD_PROFILE({ profile: options.profile })
  const dir = mkdtempSync(join(tmpdir(), 'timmy-dispatch-'))
  const usageFile = join(dir, 'usage.json')
  const home = options.profile ? join(options.hermesHome, 'profiles', options.profile) : options.hermesHome
  const args = options.profile ? ['-p', options.profile, '-z', options.prompt] : ['-z', options.prompt]
  if (options.model) args.push('-m', options.model)
  // Hermes refuses `--provider` without a model (exit 2): a provider applies together with a model.
  if (options.provider && options.model) args.push('--provider', options.provider)
  if (options.toolsets?.length) args.push('-t', options.toolsets.join(','))
  args.push('--usage-file', usageFile)
  const started = Date.now()
  try {
    const result = await new Promise<{
      code: number | null
      signal: NodeJS.Signals | null
      stdout: string
      stderr: string
      timedOut: boolean
    }>((resolve, reject) => {
      const child = spawn(options.bin, args, {
        cwd: options.cwd,
        env: agentEnv(options.childEnv, home, options.passEnv),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      let stdout = ''
      let stderr = ''
      let timedOut = false
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-64_000)))
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal)
        } catch {}
      }
      const timer = setTimeout(() => {
        timedOut = true
        kill('SIGTERM')
        setTimeout(() => kill('SIGKILL'), 2000).unref()
      }, options.timeoutMs)
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        if (err.code === 'ENOENT' || err.code === 'EACCES') {
          reject(
            E.DISPATCH_BINARY_MISSING(
              { bin: options.bin, key: options.binKey ?? 'pluginOptions.dispatch.hermesBin' },
              { cause: err },
            ),
          )
        } else reject(E.DISPATCH_FAILED({ reason: err.message }, { cause: err, exitCode: 1 }))
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        resolve({ code, signal, stdout, stderr, timedOut })
      })
    })
    const usage = readUsage(usageFile)
    return {
      outcome: result.timedOut ? 'timeout' : outcomeOf(result.code),
      exitCode: result.code,
      text: result.stdout.trim(),
      stderr: result.stderr,
      ...(usage ? { usage } : {}),
      durationMs: Date.now() - started,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function readUsage(file: string): AgentRun['usage'] | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(text) as Record<string, unknown>
  } catch (err) {
    throw E.DISPATCH_BAD_USAGE_FILE({ file, reason: (err as Error).message }, { exitCode: 1 })
  }
  const num = (k: string) =>
    typeof raw[k] === 'number' && Number.isFinite(raw[k]) && (raw[k] as number) >= 0
      ? (raw[k] as number)
      : undefined
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined)
  const usage: NonNullable<AgentRun['usage']> = {}
  const set = <K extends keyof typeof usage>(k: K, v: (typeof usage)[K] | undefined) => {
    if (v !== undefined) usage[k] = v
  }
  set('model', str('model'))
  set('provider', str('provider'))
  set('input_tokens', num('input_tokens'))
  set('output_tokens', num('output_tokens'))
  set('cache_read_tokens', num('cache_read_tokens'))
  set('cache_write_tokens', num('cache_write_tokens'))
  set('reasoning_tokens', num('reasoning_tokens'))
  set('total_tokens', num('total_tokens'))
  set('api_calls', num('api_calls'))
  set('cost', num('estimated_cost_usd'))
  set('cost_status', str('cost_status'))
  set('session_id', str('session_id'))
  return usage
}
