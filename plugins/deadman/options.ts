/**
 * The deadman plugin's options (`pluginOptions.deadman`). TypeBox is the source of truth; defaults
 * live here. Top-level timings are defaults that each wizard may override.
 */
import { join } from 'node:path'
import { type Static, Type as T } from '@sinclair/typebox'
import { E } from './errors.js'

const Strict = { additionalProperties: false } as const
const Seconds = (def: number, description: string) => T.Number({ minimum: 0, default: def, description })
const Argv = (description: string) => T.Array(T.String({ minLength: 1 }), { minItems: 1, description })

export const WizardSchema = T.Object(
  {
    restart: T.Optional(Argv('Restart action, an argv list run without a shell.')),
    check: T.Optional(Argv('Liveness check run by the `heartbeat` task; exit 0 counts as a beat.')),
    pidFile: T.Optional(
      T.String({ description: 'A file holding the agent pid; a live pid counts as a beat.' }),
    ),
    probe: T.Optional(Argv('Model health probe run by `heartbeat_heavy`; exit 0 counts as a beat.')),
    stamp: T.Optional(
      T.String({ description: 'Stamp file; default <stampDir>/agent-heartbeat-<wizard>.stamp.' }),
    ),
    env: T.Optional(T.Record(T.String(), T.String(), { description: 'Extra environment for its commands.' })),
    periodSeconds: T.Optional(T.Number({ minimum: 1 })),
    graceSeconds: T.Optional(T.Number({ minimum: 0 })),
    startGraceSeconds: T.Optional(T.Number({ minimum: 0 })),
    maxRunSeconds: T.Optional(T.Number({ minimum: 1 })),
  },
  Strict,
)

export const DeadmanOptionsSchema = T.Object(
  {
    dryRun: T.Boolean({
      default: true,
      description: 'Record what would be done (restarts, rollbacks, alerts) without doing it.',
    }),
    wizards: T.Record(T.String(), WizardSchema, {
      default: {},
      description: 'The agents to watch, by name.',
    }),
    periodSeconds: T.Number({
      minimum: 1,
      default: 120,
      description: 'A beat is expected at least this often.',
    }),
    graceSeconds: Seconds(60, 'After the period, `late` for this long, then `down`.'),
    startGraceSeconds: Seconds(120, 'Time a new or just-restarted agent has to send its first beat.'),
    maxRunSeconds: T.Number({
      minimum: 1,
      default: 3600,
      description: 'A run started and not finished after this long fires the start-without-finish detector.',
    }),
    stampDir: T.String({ default: '/tmp', description: 'Folder of the stamp files.' }),
    maxRetries: T.Integer({
      minimum: 0,
      default: 3,
      description: 'Restarts allowed per window before deadman stops and alerts.',
    }),
    windowSeconds: Seconds(3600, 'The window maxRetries counts restarts in.'),
    healthyResetSeconds: Seconds(600, 'Up this long closes the incident and resets the backoff.'),
    backoff: T.Object(
      {
        baseSeconds: Seconds(10, 'Delay before the second restart of a streak (the first is immediate).'),
        factor: T.Number({ minimum: 1, default: 2 }),
        capSeconds: Seconds(300, 'Longest delay.'),
      },
      { ...Strict, default: {} },
    ),
    tooOften: T.Object(
      {
        windowSeconds: T.Number({ minimum: 1, default: 600 }),
        factor: T.Number({
          minimum: 1,
          default: 4,
          description: 'Fire when beats exceed factor × the expected count.',
        }),
        minBeats: T.Integer({ minimum: 1, default: 6 }),
      },
      { ...Strict, default: {} },
    ),
    rollback: T.Object(
      {
        enabled: T.Boolean({ default: false }),
        afterRestarts: T.Integer({
          minimum: 0,
          default: 2,
          description: 'Restarts in an incident before the overlay is rolled back (once).',
        }),
      },
      { ...Strict, default: {} },
    ),
    alert: T.Object(
      {
        repo: T.Optional(
          T.String({
            pattern: '^[^/\\s]+/[^/\\s]+$',
            description: 'owner/name of the Gitea repo to alert in.',
          }),
        ),
        issue: T.Optional(
          T.Integer({ minimum: 1, description: 'Comment on this issue instead of opening one.' }),
        ),
      },
      { ...Strict, default: {} },
    ),
    hermesWizard: T.Optional(
      T.String({ description: 'Wizard that Hermes events without a wizard/profile belong to.' }),
    ),
    tickSeconds: T.Number({
      minimum: 0.05,
      default: 15,
      description: 'How often `timmy serve` evaluates when no queue runs the tasks.',
    }),
    commandTimeoutSeconds: T.Number({ minimum: 0.1, default: 60 }),
    passEnv: T.Array(T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), {
      default: [],
      description:
        "Names of timmy's environment variables passed to check/restart/probe commands, beside PATH, HOME, LANG, LC_*, TERM, TMPDIR, USER, LOGNAME and TZ (nothing else of timmy's environment is).",
    }),
  },
  { ...Strict, default: {} },
)

export type DeadmanOptions = Static<typeof DeadmanOptionsSchema>
export type WizardOptions = Static<typeof WizardSchema>

/** The effective timings and actions of one wizard, in milliseconds. */
export interface WizardTuning {
  name: string
  periodMs: number
  graceMs: number
  startGraceMs: number
  maxRunMs: number
  stamp: string
  restart?: string[]
  check?: string[]
  pidFile?: string
  probe?: string[]
  env?: Record<string, string>
}

export interface Tuning {
  dryRun: boolean
  maxRetries: number
  windowMs: number
  healthyResetMs: number
  backoff: { baseMs: number; factor: number; capMs: number }
  tooOften: { windowMs: number; factor: number; minBeats: number }
  rollback: { enabled: boolean; afterRestarts: number }
  commandTimeoutMs: number
  wizards: Map<string, WizardTuning>
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/**
 * `hermesHome` is passed to every command as HERMES_HOME, with the `passEnv` names taken from timmy's
 * environment (a wizard's own `env` wins); run-argv adds the allow-list of core/child-env.ts.
 */
export function resolveTuning(o: DeadmanOptions, hermesHome?: string): Tuning {
  const passed: Record<string, string> = {}
  for (const name of o.passEnv ?? []) {
    const value = process.env[name]
    if (value !== undefined) passed[name] = value
  }
  const base = { ...(hermesHome ? { HERMES_HOME: hermesHome } : {}), ...passed }
  const s = (x: number) => Math.round(x * 1000)
  const wizards = new Map<string, WizardTuning>()
  for (const [name, w] of Object.entries(o.wizards)) {
    if (!NAME.test(name)) throw E.DEADMAN_BAD_WIZARD_NAME({ wizard: name })
    wizards.set(name, {
      name,
      periodMs: s(w.periodSeconds ?? o.periodSeconds),
      graceMs: s(w.graceSeconds ?? o.graceSeconds),
      startGraceMs: s(w.startGraceSeconds ?? o.startGraceSeconds),
      maxRunMs: s(w.maxRunSeconds ?? o.maxRunSeconds),
      stamp: w.stamp ?? join(o.stampDir, `agent-heartbeat-${name}.stamp`),
      ...(w.restart ? { restart: w.restart } : {}),
      ...(w.check ? { check: w.check } : {}),
      ...(w.pidFile ? { pidFile: w.pidFile } : {}),
      ...(w.probe ? { probe: w.probe } : {}),
      ...(w.env || Object.keys(base).length ? { env: { ...base, ...w.env } } : {}),
    })
  }
  return {
    dryRun: o.dryRun,
    maxRetries: o.maxRetries,
    windowMs: s(o.windowSeconds),
    healthyResetMs: s(o.healthyResetSeconds),
    backoff: { baseMs: s(o.backoff.baseSeconds), factor: o.backoff.factor, capMs: s(o.backoff.capSeconds) },
    tooOften: {
      windowMs: s(o.tooOften.windowSeconds),
      factor: o.tooOften.factor,
      minBeats: o.tooOften.minBeats,
    },
    rollback: { ...o.rollback },
    commandTimeoutMs: s(o.commandTimeoutSeconds),
    wizards,
  }
}
