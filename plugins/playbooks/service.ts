/**
 * The `playbooks` service: find, load (once per file version), list, validate and run playbooks, store
 * their reports, and enqueue durable runs through the `queue` service when it is loaded (in-process
 * otherwise). Lane limits apply here: at most `maxConcurrent` runs per lane, and only on its repos.
 */
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { TimmyError } from '../../core/errors.js'
import type { Effect, Hooks, RunReport, WorkItem } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { Store } from '../../core/store/store.js'
import type { StepReturn } from '../pool/pool-types.js'
import type { Lanes } from './load-lanes.js'
import type { LoadedPlaybook } from './load-playbook.js'
import type { RunSummary } from './report-store.js'
import { listDirs } from './service/list-dirs.js'
import { loadLanesCached } from './service/load-lanes-cached.js'
import { resolvePlaybookRef } from './service/resolve-playbook-ref.js'
import { createServiceState } from './service/service-state.js'
import type { StepCatalog } from './step-catalog.js'

export interface RunRequest {
  item?: WorkItem
  with?: Record<string, unknown>
  /** Apply effects through their handlers (default false: a dry run that only plans them). */
  apply?: boolean
  /** Store the report (default true). */
  store?: boolean
  stubs?: ReadonlyMap<string, StepReturn>
  replace?: ReadonlyMap<string, { module: string; name: string; use: string }>
  requireHandlers?: boolean
  signal?: AbortSignal
}

export interface PlaybookListing {
  name: string
  file: string
  lane?: string
  on?: unknown
  steps?: number
  error?: { code: string; message: string; line?: number | undefined; col?: number | undefined }
}

/** Service `playbooks`. */
export interface PlaybooksService {
  /** Folders searched by name, in order: the project's, then timmy's shipped playbooks. */
  dirs(): string[]
  /** A file path or a playbook name → the file. */
  resolve(ref: string): string
  catalog(): Promise<StepCatalog>
  lanes(dir: string): Lanes
  /** Load (cached per file version). `stubbed` uses count as known steps (test-playbooks). */
  load(ref: string, options?: { stubbed?: readonly string[] }): Promise<LoadedPlaybook>
  list(): Promise<PlaybookListing[]>
  /** Check one playbook file; throws the first coded error. */
  validate(source: YamlSource): Promise<{ warnings: string[] }>
  /** Check one playbook file (`timmy validate`): every problem, in the order found. */
  check(source: YamlSource): Promise<{ errors: TimmyError[]; warnings: string[] }>
  /** Loaded playbooks whose `on:` matches the item. */
  matching(item: WorkItem): Promise<LoadedPlaybook[]>
  run(ref: string | LoadedPlaybook, request?: RunRequest): Promise<RunReport>
  /** A durable, live run through the queue when loaded; otherwise run now, in-process. */
  enqueue(
    ref: string,
    item: WorkItem,
  ): Promise<{ queued: true; id?: unknown } | { queued: false; report: RunReport }>
  report(id: string): Promise<RunReport | undefined>
  recent(limit?: number): Promise<RunSummary[]>
}

/** What the service needs from the host (the playbooks plugin passes its PluginHost). */
export interface ServiceHost {
  hooks: Hooks
  effects: ReadonlyMap<string, { plugin: string; handler: EffectHandler }>
  /** Checks an effect against its handler's payload schema (PluginHost.checkEffect). */
  checkEffect?: (effect: Effect) => void
  plugins(): readonly { name: string; steps?: URL | string }[]
  maybeUse: import('../../core/plugin.js').PluginHost['maybeUse']
  /** The config: `store.url` puts the run records on PostgreSQL. */
  config: import('../../core/plugin.js').PluginHost['config']
  store(): Promise<Store>
  log: Logger
}

export interface ServiceOptions {
  /** The project's playbooks folder (absolute, or relative to `cwd`). */
  dir: string
  /** timmy's shipped playbooks folder, searched by name after the project's (or undefined). */
  builtinDir?: string
  cwd?: string
  keepRuns?: number
  stepTimeoutMs?: number
}

/** The subset of the queue service used for durable runs. */
export interface QueueLike {
  enqueue(task: string, args: unknown, options?: { idempotencyKey?: string }): unknown
}

export { RUN_TASK, WORK_ITEM_TASK } from './service/run-tasks.js'

let body: Promise<typeof import('./service-body.js')> | undefined
/** The async methods' code, imported once when one is first called (setup stays cheap). */
const load = () => (body ??= import('./service-body.js'))

/**
 * The service over one state object; each method is a named function in `service/`. The synchronous
 * ones (dirs, resolve, lanes) are imported with this file; the async ones on their first call.
 */
export function createPlaybooksService(host: ServiceHost, options: ServiceOptions): PlaybooksService {
  const state = createServiceState(host, options)
  return {
    dirs: () => listDirs(state),
    resolve: (ref) => resolvePlaybookRef(state, ref),
    catalog: async () => (await load()).getCatalog(state),
    lanes: (dir) => loadLanesCached(state, dir),
    load: async (ref, opts) => (await load()).loadPlaybookCached(state, ref, opts),
    list: async () => (await load()).listPlaybooks(state),
    async validate(source) {
      const { errors, warnings } = await (await load()).checkPlaybook(state, source)
      if (errors.length) throw errors[0]
      return { warnings }
    },
    check: async (source) => (await load()).checkPlaybook(state, source),
    matching: async (item) => (await load()).matchPlaybooks(state, item),
    run: async (ref, request) => (await load()).runServicePlaybook(state, ref, request),
    enqueue: async (ref, item) => (await load()).enqueuePlaybook(state, ref, item),
    report: async (id) => (await (await load()).openReports(state)).get(id),
    recent: async (limit) => (await (await load()).openReports(state)).recent(limit),
  }
}
