/**
 * Parse a playbook: YAML with positions → TypeBox schema → semantic checks (lane, cron, step ids,
 * steps known to the loaded plugins, expressions, references, declared effects). Every error is coded
 * and points at file:line:col. The result is compiled once (expressions and templates) and reused for
 * every run: parse playbooks per load, never per event.
 */
import { basename } from 'node:path'
import { allProblems, problemError, type SchemaProblem } from '../../core/config/check-schema.js'
import { loadYamlFile, type YamlSource } from '../../core/config/yaml-source.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { reasonOf, type SourceLoc, TimmyError } from '../../core/errors.js'
import { parseCron } from '../queue/parse-cron.js'
import { checkRefs, type StepRefs } from './check-refs.js'
import { checkStepPath, checkWith, stepPaths } from './check-step-io.js'
import { E } from './errors.js'
import { type Expr, ExpressionError, outputRefs, parseExpression, stepRefs } from './expression.js'
import { describeEvents, isKnownEvent, KNOWN_EVENTS } from './gitea-events.js'
import type { Lanes } from './load-lanes.js'
import { type Lane, type PlaybookDoc, PlaybookSchema, type Trigger } from './schema.js'
import type { StepCatalog, StepInfo } from './step-catalog.js'
import { compileTemplate, type Template, TemplateError } from './template.js'

export interface CompiledStep {
  id: string
  index: number
  use: string
  info: StepInfo
  with: Template
  /** The raw `with:` (for the plan). */
  withRaw: Record<string, unknown>
  if?: Expr
  ifText?: string
  timeoutMs?: number
  estimate?: { tokens?: number; cost?: number }
  /** Steps whose output this step's `if:` or `with:` reads: when one of them did not run ok, this one is skipped. */
  needs: string[]
}

export interface LoadedPlaybook {
  name: string
  description?: string
  file: string
  lane: Lane
  on: Trigger
  budget?: { tokens?: number; cost?: number }
  steps: CompiledStep[]
  warnings: string[]
}

export interface LoadContext {
  /** The lanes; undefined when lanes.yaml itself is invalid (its own check reports that, once). */
  lanes: Lanes | undefined
  catalog: StepCatalog
  /** Effect kinds that have a handler; when given, declared effects without one are an error. */
  handled?: ReadonlySet<string>
  /** Every problem is pushed here (`timmy validate`); the first is thrown either way. */
  problems?: TimmyError[]
}

export function loadPlaybookFile(file: string, ctx: LoadContext): LoadedPlaybook {
  return parsePlaybook(loadYamlFile(file), ctx)
}

export function parsePlaybook(source: YamlSource, ctx: LoadContext): LoadedPlaybook {
  const problems: TimmyError[] = []
  const report = (e: TimmyError) => void problems.push(e)
  const schemaProblems = allProblems(PlaybookSchema, source.value, { locate: source.locate })
  for (const p of schemaProblems) report(problemError(p))
  // Past a schema problem the shape may be anything: checks that trip over it are skipped, not crashed.
  const guard = <R>(fn: () => R): R | undefined => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof TimmyError) report(err)
      else if (schemaProblems.length === 0) throw err
      return undefined
    }
  }
  const broken = (...prefix: (string | number)[]) =>
    schemaProblems.some((p) => prefix.every((seg, i) => p.segments[i] === seg) || p.segments.length === 0)
  const doc = (source.value ?? {}) as PlaybookDoc
  const warnings: string[] = []
  const stem = basename(source.file).replace(/\.ya?ml$/i, '')
  if (typeof doc.name === 'string' && stem !== doc.name)
    warnings.push(`name "${doc.name}" differs from the file name "${stem}"`)

  const lane = broken('lane') ? undefined : guard(() => findLane(doc, ctx.lanes, source))
  if (!broken('on')) guard(() => checkTrigger(doc, source, report))

  const steps: CompiledStep[] = []
  const checked: CompiledStep[] = [] // steps and the usable part of steps with a schema problem
  const refs: StepRefs[] = []
  const paths: { keys: (string | number)[]; loc: SourceLoc }[] = []
  const list = Array.isArray(doc.steps) ? doc.steps : []
  const ids = assignIds(list, source, report)
  for (const [i, s] of list.entries()) {
    // a step with a schema error is still checked without its bad keys, and its id stays known
    const usable = withoutBrokenKeys(s, i, schemaProblems)
    const compiled = usable && guard(() => compileStep(usable, i, ids[i]!, source, ctx, report, paths))
    if (!compiled) {
      refs.push({ id: ids[i]!, refs: [] })
      continue
    }
    checked.push(compiled.step)
    if (usable === s) steps.push(compiled.step)
    refs.push(compiled.refs)
  }
  guard(() => checkRefs(refs))
  const byId = new Map(
    checked.map((s) => [s.id, { use: s.use, ...(s.info.outputs ? { outputs: s.info.outputs } : {}) }]),
  )
  for (const p of paths) {
    const problem = checkStepPath(p.keys, (id) => byId.get(id), p.loc)
    if (problem) report(problem)
  }
  if (problems.length) {
    ctx.problems?.push(...problems)
    throw problems[0]
  }
  return {
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    file: source.file,
    lane: lane!,
    on: doc.on,
    ...(doc.budget ? { budget: doc.budget } : {}),
    steps,
    warnings,
  }
}

function findLane(doc: PlaybookDoc, lanes: Lanes | undefined, source: YamlSource): Lane {
  const fallback: Lane = {
    name: doc.lane,
    wizard: '?',
    toolsets: [],
    maxConcurrent: 1,
    repos: ['*'],
    budgetShare: 0,
  }
  if (!lanes || typeof doc.lane !== 'string') return fallback
  const lane = lanes.get(doc.lane)
  if (lane) return lane
  const known = [...lanes.keys()]
  throw E.PLAYBOOK_UNKNOWN_LANE(
    { lane: doc.lane, known: known.join(', '), suggestion: didYouMean(doc.lane, known) },
    { loc: source.locate(['lane']) },
  )
}

/** `on.event` names against the events timmy receives; `on.schedule` through the queue's own parse. */
function checkTrigger(doc: PlaybookDoc, source: YamlSource, report: (e: TimmyError) => void): void {
  if (typeof doc.on !== 'object' || doc.on === null) return
  if ('event' in doc.on) {
    const events = Array.isArray(doc.on.event) ? doc.on.event : [doc.on.event]
    for (const [i, event] of events.entries()) {
      if (typeof event !== 'string' || isKnownEvent(event)) continue
      const path = Array.isArray(doc.on.event) ? ['on', 'event', i] : ['on', 'event']
      report(
        E.PLAYBOOK_UNKNOWN_EVENT(
          { event, suggestion: didYouMean(event, KNOWN_EVENTS), known: describeEvents() },
          { loc: source.locate(path) },
        ),
      )
    }
  }
  if ('schedule' in doc.on && typeof doc.on.schedule === 'string') {
    try {
      // the same parse as the queue's, so what validate accepts is what the scheduler runs
      parseCron(doc.name, doc.on.schedule, doc.on.timezone)
    } catch (err) {
      const reason = reasonOf((err as TimmyError).cause ?? err).replace(/^CronPattern:\s*/, '')
      throw E.PLAYBOOK_BAD_CRON({ expr: doc.on.schedule, reason }, { loc: source.locate(['on', 'schedule']) })
    }
  }
}

function compileStep(
  s: PlaybookDoc['steps'][number],
  i: number,
  id: string,
  source: YamlSource,
  ctx: LoadContext,
  report: (e: TimmyError) => void,
  paths: { keys: (string | number)[]; loc: SourceLoc }[],
): { step: CompiledStep; refs: StepRefs } {
  const info = findStep(s.use, ctx.catalog, source.locate(['steps', i, 'use']))
  const stepRefList: StepRefs['refs'] = []
  const needs = new Set<string>()
  let ifExpr: Expr | undefined
  if (s.if !== undefined) {
    const base = exprBase(source, ['steps', i, 'if'])
    try {
      ifExpr = parseExpression(s.if)
    } catch (err) {
      const off = err instanceof ExpressionError ? err.offset : 0
      throw E.PLAYBOOK_BAD_EXPRESSION(
        { expr: s.if, reason: (err as Error).message },
        { loc: shift(base, off) },
      )
    }
    for (const r of stepRefs(ifExpr)) stepRefList.push({ id: r.id, loc: shift(base, r.at) })
    for (const p of stepPaths(ifExpr)) paths.push({ keys: p.keys, loc: shift(base, p.at) })
    outputRefs(ifExpr, needs)
  }
  let template: Template
  const found: { path: (string | number)[]; offset: number; e: Expr }[] = []
  try {
    template = compileTemplate(s.with ?? {}, [], found)
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err
    const base = exprBase(source, ['steps', i, 'with', ...err.path])
    throw E.PLAYBOOK_BAD_EXPRESSION({ expr: err.expr, reason: err.message }, { loc: shift(base, err.offset) })
  }
  for (const f of found) {
    const base = exprBase(source, ['steps', i, 'with', ...f.path])
    for (const r of stepRefs(f.e)) stepRefList.push({ id: r.id, loc: shift(base, f.offset + r.at) })
    for (const p of stepPaths(f.e)) paths.push({ keys: p.keys, loc: shift(base, f.offset + p.at) })
    outputRefs(f.e, needs)
  }
  if (info.inputs) checkWith(s.use, info.inputs, s.with ?? {}, ['steps', i], source.locate, report)
  if (ctx.handled && info.effects) {
    for (const kind of info.effects) {
      if (!ctx.handled.has(kind))
        report(
          E.PLAYBOOK_UNHANDLED_EFFECT(
            { kind, step: s.use, known: [...ctx.handled].sort().join(', ') },
            { loc: source.locate(['steps', i, 'use']) },
          ),
        )
    }
  }
  const step: CompiledStep = {
    id,
    index: i,
    use: s.use,
    info,
    with: template,
    withRaw: s.with ?? {},
    needs: [...needs],
    ...(ifExpr ? { if: ifExpr, ifText: s.if } : {}),
    ...(s.timeout !== undefined ? { timeoutMs: durationMs(s.timeout) } : {}),
    ...(s.estimate ? { estimate: s.estimate } : {}),
  }
  return { step, refs: { id, refs: stepRefList } }
}

/**
 * A step without the keys that have a schema problem (so its other keys can still be checked), or
 * undefined when it cannot be compiled at all (not a mapping, or its `use:` is the problem). The step
 * itself when it has no problem.
 */
function withoutBrokenKeys(
  s: PlaybookDoc['steps'][number],
  i: number,
  problems: readonly SchemaProblem[],
): PlaybookDoc['steps'][number] | undefined {
  const mine = problems.filter((p) => p.segments[0] === 'steps' && p.segments[1] === i)
  if (mine.length === 0) return s
  if (!s || typeof s !== 'object' || Array.isArray(s) || typeof s.use !== 'string') return undefined
  const bad = new Set(mine.map((p) => p.segments[2]))
  if (bad.has(undefined) || bad.has('use')) return undefined
  return Object.fromEntries(Object.entries(s).filter(([k]) => !bad.has(k))) as PlaybookDoc['steps'][number]
}

/** Explicit ids must be unique; a step without one is named after its step (`-2`, `-3` on repeats). */
function assignIds(
  steps: readonly PlaybookDoc['steps'][number][],
  source: YamlSource,
  report: (e: TimmyError) => void,
): string[] {
  const explicit = new Set<string>()
  for (const [i, s] of steps.entries()) {
    if (typeof s?.id !== 'string') continue
    if (explicit.has(s.id))
      report(E.PLAYBOOK_DUPLICATE_STEP_ID({ id: s.id }, { loc: source.locate(['steps', i, 'id']) }))
    explicit.add(s.id)
  }
  const taken = new Set(explicit)
  return steps.map((s) => {
    if (typeof s?.id === 'string') return s.id
    const base = kebab(String(s?.use ?? 'step').split('/')[1] ?? 'step')
    let id = base
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
    taken.add(id)
    return id
  })
}

function findStep(use: string, catalog: StepCatalog, loc: SourceLoc): StepInfo {
  const info = catalog.get(use)
  if (info) return info
  const [plugin, name] = use.split('/') as [string, string]
  const offered = catalog.plugins.get(plugin)
  if (!offered) {
    throw E.PLAYBOOK_UNKNOWN_PLUGIN(
      { use, plugin, suggestion: didYouMean(plugin, catalog.plugins.keys()) },
      { loc, details: { use, plugin } },
    )
  }
  const suggestion = didYouMean(name, offered.steps)
  throw E.PLAYBOOK_UNKNOWN_STEP(
    {
      use,
      plugin,
      known: offered.error ? `(its steps module failed to load: ${offered.error})` : offered.steps.join(', '),
      ...(suggestion ? { suggestion: `${plugin}/${suggestion}` } : {}),
    },
    { loc, details: { use, plugin } },
  )
}

/** Where the text of a scalar starts (after its opening quote). */
function exprBase(source: YamlSource, path: (string | number)[]): SourceLoc {
  const loc = source.locate(path)
  const ch = loc.source?.[(loc.col ?? 1) - 1]
  return ch === '"' || ch === "'" ? { ...loc, col: (loc.col ?? 1) + 1 } : loc
}

function shift(loc: SourceLoc, offset: number): SourceLoc {
  return { ...loc, col: (loc.col ?? 1) + offset }
}

export function durationMs(d: number | string): number {
  if (typeof d === 'number') return d
  const m = /^(\d+)(ms|s|m|h)$/.exec(d)!
  const n = Number(m[1])
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9-]/g, '-')
    .toLowerCase()
    .replace(/^[^a-z]+/, 's')
}
