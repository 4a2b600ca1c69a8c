/**
 * Check and compile a triage rule set: schema (unknown actions and matches named, with did-you-mean),
 * regular expressions compiled once, lanes checked against the known lanes. Every error names
 * file:line:col when the rules came from YAML.
 */
import { checkSchema, type SchemaProblem } from '../../core/config/check-schema.js'
import type { YamlSource } from '../../core/config/yaml-source.js'
import { didYouMean } from '../../core/did-you-mean.js'
import type { SourceLoc } from '../../core/errors.js'
import { parseDuration } from './duration.js'
import { E } from './errors.js'
import { type Rule, type RuleSetInput, RuleSetSchema } from './rules-schema.js'

export interface CompiledRule {
  name: string
  title?: RegExp
  body?: RegExp
  text?: RegExp
  labels?: { all: string[]; any: string[]; none: string[] }
  author?: Set<string>
  repo?: Set<string>
  olderThanMs?: number
  newerThanMs?: number
  unassigned?: boolean
  actions: Rule['actions']
}

export interface CompiledRules {
  mode: 'first-match' | 'all-match'
  triagedLabel: string
  priorityPrefix: string
  labelColors: Record<string, string>
  defaultColor: string
  rules: CompiledRule[]
}
type Locate = (path: readonly (string | number)[], at?: 'key' | 'value') => SourceLoc
/** Where an error points: `{ loc }` for a rule path, or nothing when there is neither locate nor file. */
type Where = (p: readonly (string | number)[], at?: 'key' | 'value') => { loc?: SourceLoc }

export function compileRules(
  input: unknown,
  options: {
    locate?: Locate
    file?: string
    lanes?: readonly string[]
    base?: readonly (string | number)[]
  } = {},
): CompiledRules {
  const base = options.base ?? []
  const locate: Locate | undefined = options.locate
    ? (p, at) => options.locate!([...base, ...p], at)
    : undefined
  const where = (p: readonly (string | number)[], at?: 'key' | 'value') => {
    const loc = locate?.(p, at) ?? (options.file ? { file: options.file } : undefined)
    return loc ? { loc } : {}
  }
  const set: RuleSetInput = checkSchema(RuleSetSchema, input ?? {}, {
    ...(locate ? { locate } : {}),
    ...(options.file ? { label: options.file } : {}),
    makeError: rulesSchemaError,
  })
  return {
    mode: set.mode,
    triagedLabel: set.triagedLabel,
    priorityPrefix: set.priorityPrefix,
    labelColors: set.labelColors,
    defaultColor: set.defaultColor,
    rules: set.rules.map((rule, i) => compileRule(rule, i, where, options.lanes)),
  }
}

/** A schema problem as a triage error: unknown action, unknown match, or invalid rules. */
function rulesSchemaError(p: SchemaProblem) {
  const extra = p.loc ? { loc: p.loc } : {}
  const parent = p.segments[p.segments.length - 2]
  if (p.kind === 'unknown-key' && parent === 'actions')
    return E.TRIAGE_UNKNOWN_ACTION({ action: p.key!, suggestion: p.suggestion }, extra)
  if (p.kind === 'unknown-key' && parent === 'match')
    return E.TRIAGE_UNKNOWN_MATCH({ key: p.key!, suggestion: p.suggestion }, extra)
  return E.TRIAGE_RULES_INVALID(
    {
      path: p.path || '(top level)',
      expected:
        p.kind === 'unknown-key'
          ? `no key "${p.key}"${p.suggestion ? ` (did you mean "${p.suggestion}"?)` : ''}`
          : p.expected,
      found: p.found,
    },
    extra,
  )
}

/** One rule: regular expressions compiled, the lane checked against `lanes`, matches normalised. */
function compileRule(
  rule: Rule,
  i: number,
  where: Where,
  lanes: readonly string[] | undefined,
): CompiledRule {
  const m = rule.match ?? {}
  const regex = (key: 'title' | 'body' | 'text'): RegExp | undefined => {
    const source = m[key]
    return source === undefined ? undefined : compileRegex(source, where(['rules', i, 'match', key]))
  }
  if (rule.actions.lane !== undefined && lanes) {
    const lane = rule.actions.lane
    if (!lanes.includes(lane)) {
      throw E.TRIAGE_UNKNOWN_LANE(
        { lane, known: lanes.join(', '), suggestion: didYouMean(lane, lanes) },
        where(['rules', i, 'actions', 'lane']),
      )
    }
  }
  return {
    name: rule.name,
    ...optional('title', regex('title')),
    ...optional('body', regex('body')),
    ...optional('text', regex('text')),
    ...(m.labels
      ? { labels: { all: m.labels.all ?? [], any: m.labels.any ?? [], none: m.labels.none ?? [] } }
      : {}),
    ...(m.author ? { author: new Set(m.author.map((a) => a.toLowerCase())) } : {}),
    ...(m.repo ? { repo: new Set(m.repo.map((r) => r.toLowerCase())) } : {}),
    ...optional('olderThanMs', m.age?.older_than ? parseDuration(m.age.older_than) : undefined),
    ...optional('newerThanMs', m.age?.newer_than ? parseDuration(m.age.newer_than) : undefined),
    ...optional('unassigned', m.unassigned),
    actions: rule.actions,
  }
}

/** `pattern` or `/pattern/flags`. */
export function compileRegex(source: string, extra: { loc?: SourceLoc } = {}): RegExp {
  const slashed = /^\/(.*)\/([dgimsuvy]*)$/s.exec(source)
  try {
    return slashed ? new RegExp(slashed[1]!, slashed[2]!.replace('g', '')) : new RegExp(source)
  } catch (err) {
    throw E.TRIAGE_BAD_REGEX(
      { pattern: source, reason: (err as Error).message.replace(/^Invalid regular expression: /, '') },
      extra,
    )
  }
}

/** Rules from a YAML file (`rules:` at the top, or under `key`). */
export function compileRulesFile(source: YamlSource, lanes?: readonly string[]): CompiledRules {
  return compileRules(source.value, { locate: source.locate, file: source.file, ...(lanes ? { lanes } : {}) })
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
