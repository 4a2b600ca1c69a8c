/**
 * Parse a playbook: YAML with positions → TypeBox schema → semantic checks (lane, cron, step ids,
 * steps known to the loaded plugins, expressions, references, declared effects). Every error is coded
 * and points at file:line:col. The result is compiled once (expressions and templates) and reused for
 * every run: parse playbooks per load, never per event.
 */
import { basename } from 'node:path'
import { checkSchema } from '../config/check-schema.js'
import { loadYamlFile, type YamlSource } from '../config/yaml-source.js'
import { didYouMean } from '../did-you-mean.js'
import { E, reasonOf, type SourceLoc, type TimmyError } from '../errors.js'
import { parseCron } from '../queue/parse-cron.js'
import { checkRefs, type StepRefs } from './check-refs.js'
import { type Expr, ExpressionError, outputRefs, parseExpression, stepRefs } from './expression.js'
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
  lanes: Lanes
  catalog: StepCatalog
  /** Effect kinds that have a handler; when given, declared effects without one are an error. */
  handled?: ReadonlySet<string>
}

export function loadPlaybookFile(file: string, ctx: LoadContext): LoadedPlaybook {
  return parsePlaybook(loadYamlFile(file), ctx)
}

export function parsePlaybook(source: YamlSource, ctx: LoadContext): LoadedPlaybook {
  const doc = checkSchema(PlaybookSchema, source.value, { locate: source.locate }) as PlaybookDoc
  const warnings: string[] = []
  const stem = basename(source.file).replace(/\.ya?ml$/i, '')
  if (stem !== doc.name) warnings.push(`name "${doc.name}" differs from the file name "${stem}"`)

  const lane = ctx.lanes.get(doc.lane)
  if (!lane) {
    const known = [...ctx.lanes.keys()]
    throw E.PLAYBOOK_UNKNOWN_LANE(
      { lane: doc.lane, known: known.join(', '), suggestion: didYouMean(doc.lane, known) },
      { loc: source.locate(['lane']) },
    )
  }
  if (typeof doc.on === 'object' && 'schedule' in doc.on) {
    try {
      // the same parse as the queue's, so what validate accepts is what the scheduler runs
      parseCron(doc.name, doc.on.schedule, doc.on.timezone)
    } catch (err) {
      const reason = reasonOf((err as TimmyError).cause ?? err).replace(/^CronPattern:\s*/, '')
      throw E.PLAYBOOK_BAD_CRON({ expr: doc.on.schedule, reason }, { loc: source.locate(['on', 'schedule']) })
    }
  }

  const ids = assignIds(doc, source)
  const steps: CompiledStep[] = []
  const refs: StepRefs[] = []
  for (const [i, s] of doc.steps.entries()) {
    const info = findStep(s.use, ctx.catalog, source.locate(['steps', i, 'use']))
    const id = ids[i]!
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
      outputRefs(ifExpr, needs)
    }
    let template: Template
    const found: { path: (string | number)[]; offset: number; e: Expr }[] = []
    try {
      template = compileTemplate(s.with ?? {}, [], found)
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err
      const base = exprBase(source, ['steps', i, 'with', ...err.path])
      throw E.PLAYBOOK_BAD_EXPRESSION(
        { expr: err.expr, reason: err.message },
        { loc: shift(base, err.offset) },
      )
    }
    for (const f of found) {
      const base = exprBase(source, ['steps', i, 'with', ...f.path])
      for (const r of stepRefs(f.e)) stepRefList.push({ id: r.id, loc: shift(base, f.offset + r.at) })
      outputRefs(f.e, needs)
    }
    refs.push({ id, refs: stepRefList })
    if (ctx.handled && info.effects) {
      for (const kind of info.effects) {
        if (!ctx.handled.has(kind))
          throw E.PLAYBOOK_UNHANDLED_EFFECT(
            { kind, step: s.use, known: [...ctx.handled].sort().join(', ') },
            { loc: source.locate(['steps', i, 'use']) },
          )
      }
    }
    steps.push({
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
    })
  }
  checkRefs(refs)
  return {
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    file: source.file,
    lane,
    on: doc.on,
    ...(doc.budget ? { budget: doc.budget } : {}),
    steps,
    warnings,
  }
}

/** Explicit ids must be unique; a step without one is named after its step (`-2`, `-3` on repeats). */
function assignIds(doc: PlaybookDoc, source: YamlSource): string[] {
  const explicit = new Set<string>()
  for (const [i, s] of doc.steps.entries()) {
    if (s.id === undefined) continue
    if (explicit.has(s.id))
      throw E.PLAYBOOK_DUPLICATE_STEP_ID({ id: s.id }, { loc: source.locate(['steps', i, 'id']) })
    explicit.add(s.id)
  }
  const taken = new Set(explicit)
  return doc.steps.map((s) => {
    if (s.id !== undefined) return s.id
    const base = kebab(s.use.split('/')[1]!)
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
