/** Shared set-up for deadman tests: a real store in a temp dir, real hooks, an injectable clock. */

import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Value } from '@sinclair/typebox/value'
import { createHooks, type WizardStateEvent } from '../../core/hooks.js'
import { silentLogger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import { openStore, type Store } from '../../core/store/store.js'
import { pidAlive } from '../../plugins/deadman/check-alive.js'
import { createDeadman } from '../../plugins/deadman/create-deadman.js'
import { type DeadmanOptions, DeadmanOptionsSchema } from '../../plugins/deadman/options.js'
import type { DeployGenerations } from '../../plugins/deadman/types.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { tempDir } from '../helpers/temp.js'

export const AGENT = fileURLToPath(new URL('./fixtures/agent.mjs', import.meta.url))
export const LAUNCH = fileURLToPath(new URL('./fixtures/launch.mjs', import.meta.url))

type Cleanup = { after(fn: () => unknown): void }

export interface Harness {
  dir: string
  stamps: string
  store: Store
  dm: ReturnType<typeof createDeadman>
  events: WizardStateEvent[]
  clock: { now: number }
  /** Effects applied through registered handlers. */
  applied: { kind: string; [k: string]: unknown }[]
}

export type OptionsInput = Partial<Omit<DeadmanOptions, 'wizards'>> & { wizards?: Record<string, object> }

export function options(input: OptionsInput): DeadmanOptions {
  return Value.Default(DeadmanOptionsSchema, Value.Clone(input)) as DeadmanOptions
}

export async function harness(
  t: Cleanup,
  input: OptionsInput | ((h: { dir: string; stamps: string }) => OptionsInput),
  extra: { deploy?: DeployGenerations; effects?: string[]; start?: number } = {},
): Promise<Harness> {
  const dir = tempDir(t, 'timmy-deadman-')
  const stamps = join(dir, 'stamps')
  mkdirSync(stamps)
  const store = await openStore(join(dir, 'timmy.db'))
  t.after(() => store.close())
  const hooks = createHooks()
  const events: WizardStateEvent[] = []
  hooks.wizardState.tapPromise('observer', async (e) => {
    events.push(e)
  })
  const applied: Harness['applied'] = []
  const effects = new Map<string, { handler: EffectHandler }>()
  for (const kind of extra.effects ?? [])
    effects.set(kind, {
      handler: (e) => {
        applied.push(e)
        return 'done'
      },
    })
  const clock = { now: extra.start ?? Date.now() }
  const given = typeof input === 'function' ? input({ dir, stamps }) : input
  const dm = createDeadman({
    options: options({ stampDir: stamps, ...given }),
    store: async () => store,
    hooks,
    log: silentLogger,
    effects,
    deploy: () => extra.deploy,
    now: () => clock.now,
    childEnv: createHermesService().childEnv,
  })
  return { dir, stamps, store, dm, events, clock, applied }
}

/** Wait (real time) until `pid` is gone; generous, because other test runs share the machine. */
export async function waitDead(pid: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (pidAlive(pid)) {
    if (Date.now() > until) throw new Error(`pid ${pid} still alive after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Wait until `fn` returns a truthy value. */
export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Pids launched so far (one line per launch in the launcher's log). */
export function launches(log: string): number[] {
  try {
    return readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Start the agent through the launcher, as a restart would. */
export function launch(args: string[]): void {
  execFileSync(process.execPath, [LAUNCH, ...args])
}

export function killAll(log: string): void {
  for (const pid of launches(log)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
}

/** A file's text, or undefined while it does not exist. */
export function readMaybe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
