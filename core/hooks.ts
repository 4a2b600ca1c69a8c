/**
 * Every extension point of timmy, in one frozen object (tapable). Nothing else creates hooks.
 * The hook kind is the contract: bail (the first tap to return a value decides; a `Veto` says no),
 * waterfall (each tap transforms the value and returns it), parallel (observers; returns ignored),
 * series (ordered side effects). Taps are named after their plugin (`tap({ name: 'budget', stage: STAGE.budget }, fn)`);
 * order comes from `stage`, never from load order. Freezing and a throwing tap: `core/hook-guard.ts`.
 */
import tapable from 'tapable'
import type { TimmyConfig } from './config/schema.js'

const { AsyncParallelHook, AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } = tapable

/** Named stages: lower runs first. Taps without a stage run at `default`. */
export const STAGE = Object.freeze({ policy: -200, budget: -100, default: 0, observe: 100, report: 200 })

/** What a bail hook returns to say no. Any other return value (or undefined) lets the action go on. */
export interface Veto {
  veto: true
  /** The plugin that vetoed (filled in by the guard when absent). */
  by?: string
  reason: string
  /** Set by the hook guard when the veto stands for a tap that threw (the hook failed closed). */
  failed?: true
}

/**
 * A Hermes agent is about to call a tool (`pre_tool_call`) or the model (`pre_llm_call`); the bridge asks
 * `beforeToolCall`. Taps return a `Veto` to block it, or add context for the model with `addContext`.
 */
export interface ToolCallQuery {
  event: HermesEvent
  /** `session_id` of the event (or `parent_session_id`). */
  sessionId?: string
  /** The tool Hermes is about to call (`pre_tool_call`). */
  toolName?: string
  /** Tokens in flight: announced API calls (`approx_input_tokens + max_tokens`) not yet answered; count them as spent. */
  reservedTokens: number
  /** Extra context for `pre_llm_call` (ignored for other hooks), e.g. "80 % of the budget used". */
  addContext(text: string): void
}

/** A unit of work that reaches timmy: a Gitea webhook, a schedule tick, a Hermes hook or a CLI call. */
export interface WorkItem {
  id: string
  /** Who produced it, named by the plugin or command that did (e.g. a webhook receiver, the scheduler, the CLI). */
  source: string
  /** e.g. `issues.labeled`, `push`, `schedule`, `manual`. */
  event: string
  repo?: string
  issue?: number
  payload: unknown
  receivedAt: string
  [extra: string]: unknown
}

export interface RunContext {
  runId: string
  playbook: string
  lane?: string
  /** The agent that works the lane. */
  wizard?: string
  /** The playbook's declared budget. */
  budget?: { tokens?: number; cost?: number }
  item?: WorkItem
  dryRun: boolean
  [extra: string]: unknown
}

export interface StepContext {
  runId: string
  stepId: string
  playbook: string
  lane?: string
  /** `<plugin>/<step>` */
  use: string
  input: unknown
  dryRun: boolean
  /** Declared estimate (tokens) for reservation-aware taps. */
  estimate?: { tokens?: number; cost?: number }
  [extra: string]: unknown
}

export interface StepResult extends StepContext {
  outcome: 'ok' | 'failed' | 'skipped' | 'vetoed'
  output?: unknown
  effects?: readonly Effect[]
  /** What became of each effect: planned (dry run), applied, failed, or not applied after a failure. */
  applied?: readonly AppliedEffect[]
  usage?: Usage
  error?: { code?: string; message: string }
  /** Why the step was skipped or vetoed (`if:` was false, a veto's reason, an earlier failure). */
  reason?: string
  /** The plugin that vetoed the step. */
  vetoedBy?: string
  durationMs: number
}

export interface AppliedEffect {
  kind: string
  /** `refused`: its target repo is outside the lane's `repos:` (nothing was sent). */
  status: 'planned' | 'applied' | 'failed' | 'not-applied' | 'refused'
  result?: unknown
  error?: { code?: string; message: string }
}

export interface RunReport extends RunContext {
  outcome: 'ok' | 'failed' | 'vetoed'
  steps: readonly StepResult[]
  startedAt: string
  finishedAt: string
  durationMs?: number
  /** Why the run was vetoed or failed. */
  reason?: string
  /** Tokens summed over the steps' usage. */
  tokens?: { input: number; output: number }
}

/** A write to shared state, returned by a step and applied by a registered effect handler. */
export interface Effect {
  kind: string
  [field: string]: unknown
}

export interface Usage {
  model?: string
  provider?: string
  input_tokens?: number
  output_tokens?: number
  cache_read_tokens?: number
  cache_write_tokens?: number
  reasoning_tokens?: number
  cost?: number
  cost_status?: string
}

export interface UsageEvent extends Usage {
  source: string
  runId?: string
  stepId?: string
  playbook?: string
  lane?: string
  sessionId?: string
  at: string
  /** Dedupe key: a consumer (the budget ledger) counts events with the same key once (a retried Hermes event). */
  key?: string
}

/** A sign of life of a wizard (a beat from Hermes, a stamp, the CLI); state changes are `wizardState`. */
export interface HeartbeatEvent {
  wizard: string
  source: string
  at: string
  [extra: string]: unknown
}

/** A wizard's liveness changed (deadman): a transition, or a detector raised with its reason. */
export interface WizardStateEvent {
  wizard: string
  at: string
  state: string
  previous?: string
  /** The detector that raised (e.g. too-often restarts), when this is not a plain transition. */
  detector?: string
  reason?: string
  [extra: string]: unknown
}

/** A budget's state changed: past its soft threshold, exhausted (its pipelines paused), resumed, reset. */
export interface BudgetStateEvent {
  budget: string
  state: 'soft' | 'exhausted' | 'resumed' | 'reset'
  at: string
  spentTokens: number
  spentCost: number
  capTokens?: number
  capCost?: number
  /** Pipelines paused or resumed in the queue (`*` = every pipeline). */
  targets: readonly string[]
  reason: string
}

export interface HermesEvent {
  hook: string
  sessionId?: string
  payload: Record<string, unknown>
  at: string
  /** Which Hermes sent it (bridge plugin or shell hook), so observers can tell wizards apart. */
  origin?: HermesOrigin
}

export interface HermesOrigin {
  source?: 'plugin' | 'shell' | (string & {})
  /** Hermes profile name (`ctx.profile_name`). */
  profile?: string
  hermesHome?: string
  /** The Hermes process. */
  pid?: number
}

export interface DeployPlan {
  generation: number
  files: readonly { path: string; target: string; content?: string }[]
  dryRun: boolean
  [extra: string]: unknown
}

export interface DeployResult extends DeployPlan {
  outcome: 'applied' | 'failed' | 'rolled-back'
}

/** The parsed Hermes skin, as the skin plugin passes it along the `skin` waterfall. */
export interface SkinDoc {
  name: string
  file?: string
  [key: string]: unknown
}

/** Handed to `serve` taps so plugins can add routes and start background work. */
export interface ServeContext {
  /** The fastify instance (routes are added before it listens). */
  app: import('fastify').FastifyInstance
  host: string
  port: number
}

export interface ShutdownContext {
  reason: string
}

export function createHooks() {
  return Object.freeze({
    /** After the config is loaded and validated, before plugins' setup. Series: ordered side effects. */
    configLoaded: new AsyncSeriesHook<[TimmyConfig]>(['config']),
    /** Before a playbook run starts. Bail: a `Veto` stops the whole run, with its reason recorded. */
    beforeRun: new AsyncSeriesBailHook<[RunContext], Veto | undefined>(['run']),
    /** After a run finished (any outcome). Parallel: observers (provenance, reports). */
    afterRun: new AsyncParallelHook<[RunReport]>(['report']),
    /** Before each step runs. Bail: a `Veto` skips the step (budget or policy says no), reason recorded. */
    beforeStep: new AsyncSeriesBailHook<[StepContext], Veto | undefined>(['step']),
    /** After each step (ok, failed, skipped, vetoed). Parallel: observers (ledger, provenance). */
    afterStep: new AsyncParallelHook<[StepResult]>(['result']),
    /** A new work item. Waterfall: enrich or rewrite it; return the item (or a changed copy). */
    workItem: new AsyncSeriesWaterfallHook<[WorkItem]>(['item']),
    /** Before a deploy switches `$HERMES_HOME`. Bail: a `Veto` aborts the deploy before anything is written. */
    beforeDeploy: new AsyncSeriesBailHook<[DeployPlan], Veto | undefined>(['plan']),
    /** After a deploy (applied, failed or rolled back). Parallel: observers. */
    afterDeploy: new AsyncParallelHook<[DeployResult]>(['result']),
    /** Token usage was recorded (dispatch, API response, Hermes bridge, state.db import). Parallel. */
    usage: new AsyncParallelHook<[UsageEvent]>(['usage']),
    /** A beat arrived from a wizard (Hermes, a stamp, the CLI). Parallel: observers (deadman). */
    heartbeat: new AsyncParallelHook<[HeartbeatEvent]>(['beat']),
    /** A wizard's liveness state changed (deadman). Parallel: observers (state log, status, alerts). */
    wizardState: new AsyncParallelHook<[WizardStateEvent]>(['change']),
    /** A budget's state changed (soft, exhausted, resumed, reset). Parallel: observers. */
    budgetState: new AsyncParallelHook<[BudgetStateEvent]>(['change']),
    /** A Hermes skin is being loaded. Waterfall: transform the skin and return it. */
    skin: new AsyncSeriesWaterfallHook<[SkinDoc]>(['doc']),
    /** A Hermes agent is about to call a tool or the model (bridge). Bail: a `Veto` blocks the call; its reason goes to the agent. */
    beforeToolCall: new AsyncSeriesBailHook<[ToolCallQuery], Veto | undefined>(['call']),
    /** An event arrived from Hermes (bridge plugin or shell hook). Parallel: observers. */
    hermesEvent: new AsyncParallelHook<[HermesEvent]>(['event']),
    /** `timmy serve` is starting: add routes, start background work. Series, before the server listens. */
    serve: new AsyncSeriesHook<[ServeContext]>(['server']),
    /** The process is shutting down. Series: ordered cleanup; runs before plugin cleanups in reverse order. */
    shutdown: new AsyncSeriesHook<[ShutdownContext]>(['context']),
  })
}

export type Hooks = ReturnType<typeof createHooks>
export type HookName = keyof Hooks

/** How each hook treats a tap that throws (see core/hook-guard.ts). */
export const HOOK_KIND: Readonly<Record<HookName, 'bail' | 'waterfall' | 'parallel' | 'series'>> =
  Object.freeze({
    configLoaded: 'series',
    beforeRun: 'bail',
    afterRun: 'parallel',
    beforeStep: 'bail',
    afterStep: 'parallel',
    workItem: 'waterfall',
    beforeDeploy: 'bail',
    afterDeploy: 'parallel',
    usage: 'parallel',
    heartbeat: 'parallel',
    wizardState: 'parallel',
    budgetState: 'parallel',
    skin: 'waterfall',
    beforeToolCall: 'bail',
    hermesEvent: 'parallel',
    serve: 'series',
    shutdown: 'series',
  })
