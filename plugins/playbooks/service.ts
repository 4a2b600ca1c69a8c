/**
 * The `playbooks` service: find, load (once per file version), list, validate and run playbooks, store
 * their reports, and enqueue durable runs through the `queue` service when it is loaded (in-process
 * otherwise). Lane limits apply here: at most `maxConcurrent` runs per lane, and only on its repos.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { YamlSource } from '../../core/config/yaml-source.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { TimmyError } from '../../core/errors.js'
import type { Effect, Hooks, RunReport, WorkItem } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { Store } from '../../core/store/store.js'
import type { StepReturn } from '../pool/pool-types.js'
import { E } from './errors.js'
import { createLaneGate } from './lane-gate.js'
import { type Lanes, laneAllows, loadLanesFile, parseLanes } from './load-lanes.js'
import { type LoadedPlaybook, loadPlaybookFile, parsePlaybook } from './load-playbook.js'
import { matchesTrigger } from './match-trigger.js'
import { openReportStore, type ReportStore, type RunSummary } from './report-store.js'
import { runPlaybook } from './run-playbook.js'
import { buildStepCatalog, overlayCatalog, type StepCatalog, type StepInfo } from './step-catalog.js'

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

export const RUN_TASK = 'playbooks.run'
/** The task a received work item is enqueued under (the gitea receiver's default `queueTask`). */
export const WORK_ITEM_TASK = 'work-item'

export function createPlaybooksService(host: ServiceHost, options: ServiceOptions): PlaybooksService {
  const cwd = options.cwd ?? process.cwd()
  const projectDir = resolve(cwd, options.dir)
  const cache = new Map<string, { stamp: string; pb: LoadedPlaybook }>()
  const laneCache = new Map<string, { stamp: string; lanes: Lanes }>()
  const gate = createLaneGate()
  let catalogPromise: Promise<StepCatalog> | undefined
  let reports: ReportStore | undefined

  const stamp = (file: string) => {
    const st = statSync(file)
    return `${st.mtimeMs}:${st.size}`
  }
  const catalog = () => {
    catalogPromise ??= buildStepCatalog(host.plugins())
    return catalogPromise
  }
  const lanes = (dir: string): Lanes => {
    const file = join(dir, 'lanes.yaml')
    const s = existsSync(file) ? stamp(file) : 'missing'
    const hit = laneCache.get(dir)
    if (hit && hit.stamp === s) return hit.lanes
    const loaded = loadLanesFile(file)
    laneCache.set(dir, { stamp: s, lanes: loaded })
    return loaded
  }
  const dirs = () => [
    projectDir,
    ...(options.builtinDir && options.builtinDir !== projectDir ? [options.builtinDir] : []),
  ]
  const resolveRef = (ref: string): string => {
    const asPath = isAbsolute(ref) ? ref : resolve(cwd, ref)
    if (/[/\\]|\.ya?ml$/i.test(ref) || existsSync(asPath)) {
      if (!existsSync(asPath) || statSync(asPath).isDirectory())
        throw E.PLAYBOOK_NOT_FOUND({ name: ref, searched: asPath })
      return asPath
    }
    for (const d of dirs()) {
      for (const ext of ['.yaml', '.yml']) {
        const file = join(d, `${ref}${ext}`)
        if (existsSync(file)) return file
      }
    }
    throw E.PLAYBOOK_NOT_FOUND({
      name: ref,
      searched: dirs().join(', '),
      suggestion: didYouMean(
        ref,
        listFiles().map((f) => basename(f).replace(/\.ya?ml$/i, '')),
      ),
    })
  }
  const stubCatalog = async (stubbed: readonly string[]): Promise<StepCatalog> => {
    const base = await catalog()
    if (!stubbed.length) return base
    const extra = new Map<string, StepInfo>()
    for (const use of stubbed) {
      if (!use.includes('/') || base.get(use)) continue
      const [plugin, name] = use.split('/') as [string, string]
      extra.set(use, { use, plugin, name, module: 'stub:' })
    }
    return overlayCatalog(base, extra)
  }
  const load = async (ref: string, opts: { stubbed?: readonly string[] } = {}): Promise<LoadedPlaybook> => {
    const file = resolveRef(ref)
    const stubbed = opts.stubbed ?? []
    const s = `${stamp(file)}|${stubbed.join(',')}`
    const hit = cache.get(file)
    if (hit && hit.stamp === s) return hit.pb
    const pb = loadPlaybookFile(file, {
      lanes: lanes(dirname(file)),
      catalog: await stubCatalog(stubbed),
      ...(stubbed.length ? {} : { handled: new Set(host.effects.keys()) }),
    })
    cache.set(file, { stamp: s, pb })
    return pb
  }
  const reportStore = async () => {
    reports ??= openReportStore(await host.store(), options.keepRuns)
    return reports
  }
  const listFiles = (): string[] => {
    const seen = new Set<string>()
    const files: string[] = []
    for (const d of dirs()) {
      if (!existsSync(d)) continue
      for (const f of readdirSync(d).sort()) {
        if (!/\.ya?ml$/i.test(f) || /^lanes\.ya?ml$/i.test(f)) continue
        const name = f.replace(/\.ya?ml$/i, '')
        if (seen.has(name)) continue
        seen.add(name)
        files.push(join(d, f))
      }
    }
    return files
  }

  const service: PlaybooksService = {
    dirs,
    resolve: resolveRef,
    catalog,
    lanes,
    load,
    async list() {
      const out: PlaybookListing[] = []
      for (const file of listFiles()) {
        try {
          const pb = await load(file)
          out.push({ name: pb.name, file, lane: pb.lane.name, on: pb.on, steps: pb.steps.length })
        } catch (err) {
          const e = err as {
            code?: string
            bare?: string
            message: string
            loc?: { line?: number; col?: number }
          }
          out.push({
            name: basename(file).replace(/\.ya?ml$/i, ''),
            file,
            error: {
              code: e.code ?? 'unknown',
              message: e.bare ?? e.message,
              line: e.loc?.line,
              col: e.loc?.col,
            },
          })
        }
      }
      return out
    },
    async validate(source) {
      const { errors, warnings } = await service.check(source)
      if (errors.length) throw errors[0]
      return { warnings }
    },
    async check(source) {
      // lanes.yaml beside the playbook, else the project's; an invalid one is reported once, by its own check
      const dir = [dirname(source.file), projectDir].find((d) => existsSync(join(d, 'lanes.yaml')))
      if (!dir)
        return {
          errors: [
            E.PLAYBOOK_LANES_NOT_FOUND(
              { path: join(dirname(source.file), 'lanes.yaml') },
              { loc: source.locate(['lane']) },
            ),
          ],
          warnings: [],
        }
      let ls: Lanes | undefined
      try {
        ls = lanes(dir)
      } catch (err) {
        if (!(err instanceof TimmyError)) throw err
      }
      const errors: TimmyError[] = []
      try {
        const pb = parsePlaybook(source, {
          lanes: ls,
          catalog: await catalog(),
          handled: new Set(host.effects.keys()),
          problems: errors,
        })
        return { errors, warnings: pb.warnings }
      } catch (err) {
        if (!(err instanceof TimmyError)) throw err
        return { errors: errors.length ? errors : [err], warnings: [] }
      }
    },
    async matching(item) {
      const out: LoadedPlaybook[] = []
      for (const file of listFiles()) {
        try {
          const pb = await load(file)
          if (matchesTrigger(pb.on, item)) out.push(pb)
        } catch (err) {
          host.log.warn({ file, code: (err as { code?: string }).code }, 'skipping an invalid playbook')
        }
      }
      return out
    },
    async run(ref, request = {}) {
      const pb = typeof ref === 'string' ? await load(ref) : ref
      if (request.item?.repo && !laneAllows(pb.lane, request.item.repo))
        throw E.PLAYBOOK_REPO_NOT_ALLOWED(
          { lane: pb.lane.name, repo: request.item.repo, allowed: pb.lane.repos.join(', ') },
          { exitCode: 1 },
        )
      const pool = host.maybeUse('pool')
      if (!pool) throw E.PLUGIN_MISSING_DEPENDENCY({ plugin: 'playbooks', dependency: 'pool' })
      await gate.acquire(pb.lane.name, pb.lane.maxConcurrent)
      let report: RunReport
      try {
        report = await runPlaybook(
          pb,
          {
            ...(request.item ? { item: request.item } : {}),
            ...(request.with ? { with: request.with } : {}),
            dryRun: !request.apply,
            ...(request.requireHandlers !== undefined ? { requireHandlers: request.requireHandlers } : {}),
            ...(request.stubs ? { stubs: request.stubs } : {}),
            ...(request.replace ? { replace: request.replace } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
            ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
          },
          {
            hooks: host.hooks,
            pool,
            effects: host.effects,
            ...(host.checkEffect ? { checkEffect: host.checkEffect } : {}),
          },
        )
      } finally {
        gate.release(pb.lane.name)
      }
      if (request.store !== false) (await reportStore()).save(report)
      return report
    },
    async enqueue(ref, item) {
      const file = resolveRef(ref)
      const queue = host.maybeUse('queue')
      if (queue && typeof queue.enqueue === 'function') {
        const id = await queue.enqueue(
          RUN_TASK,
          { playbook: file, item },
          {
            idempotencyKey: `${file}:${item.id}`,
          },
        )
        return { queued: true, id }
      }
      return { queued: false, report: await service.run(file, { item, apply: true }) }
    },
    async report(id) {
      return (await reportStore()).get(id)
    },
    async recent(limit) {
      return (await reportStore()).recent(limit)
    },
  }
  return service
}

/** Check a lanes file (for `timmy validate`). */
export function validateLanes(source: YamlSource): { warnings: string[] } {
  const lanes = parseLanes(source)
  const warnings: string[] = []
  for (const l of lanes.values()) {
    if (l.toolsets.length === 0) warnings.push(`lane "${l.name}" has no toolsets`)
    if (l.provider && !l.model)
      warnings.push(
        `lane "${l.name}" names a provider but no model: Hermes takes --provider only with --model, so it is not passed`,
      )
  }
  return { warnings }
}
