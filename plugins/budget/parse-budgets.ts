/** Turn configured budget entries into checked budgets: caps >= 0, a known window and time zone. */
import { didYouMean } from '../../core/did-you-mean.js'
import { E } from './errors.js'
import type { BudgetEntry } from './options.js'
import { isTimeZone, WINDOWS, type WindowKind } from './windows.js'

export interface Budget {
  name: string
  scope: 'global' | 'pipeline' | 'lane'
  match?: string
  window: WindowKind
  timezone: string
  weekStartsOn: number
  tokens?: number
  cost?: number
  soft: number
}

export function parseBudgets(
  entries: readonly Partial<BudgetEntry>[],
  defaults: { timezone?: string; weekStartsOn?: number } = {},
): Budget[] {
  const seen = new Set<string>()
  return entries.map((entry, i) => {
    const name = typeof entry.name === 'string' && entry.name ? entry.name : `#${i}`
    if (seen.has(name)) throw E.BUDGET_INVALID({ budget: name, reason: 'another budget has the same name' })
    seen.add(name)
    const window = entry.window ?? 'daily'
    if (!(WINDOWS as readonly string[]).includes(window))
      throw E.BUDGET_UNKNOWN_WINDOW({ budget: name, window, suggestion: didYouMean(window, WINDOWS) })
    const timezone = entry.timezone ?? defaults.timezone ?? 'UTC'
    if (!isTimeZone(timezone)) throw E.BUDGET_UNKNOWN_TIMEZONE({ budget: name, timezone })
    for (const field of ['tokens', 'cost'] as const) {
      const v = entry[field]
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
        throw E.BUDGET_INVALID_CAP({ budget: name, field, value: v })
    }
    if (entry.tokens === undefined && entry.cost === undefined)
      throw E.BUDGET_INVALID({ budget: name, reason: 'it has no cap: give `tokens`, `cost` or both' })
    const soft = entry.soft ?? 0.8
    if (typeof soft !== 'number' || !(soft > 0 && soft <= 1))
      throw E.BUDGET_INVALID({ budget: name, reason: `soft must be a fraction in (0, 1], found ${soft}` })
    const scope = entry.scope ?? 'global'
    if (scope !== 'global' && !entry.match)
      throw E.BUDGET_INVALID({
        budget: name,
        reason: `a ${scope} budget needs \`match\` (the ${scope} name)`,
      })
    return {
      name,
      scope,
      ...(entry.match ? { match: entry.match } : {}),
      window: window as WindowKind,
      timezone,
      weekStartsOn: defaults.weekStartsOn ?? 1,
      ...(entry.tokens !== undefined ? { tokens: entry.tokens } : {}),
      ...(entry.cost !== undefined ? { cost: entry.cost } : {}),
      soft,
    }
  })
}

const compiled = new Map<string, RegExp>()

/** `*` wildcards, whole-string match. */
export function globMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern)
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    )
    compiled.set(pattern, re)
  }
  return re.test(value)
}

/** The budgets that apply to a step of `playbook` in `lane`. */
export function budgetsFor(
  budgets: readonly Budget[],
  scope: { playbook?: string; lane?: string },
): Budget[] {
  return budgets.filter((b) => {
    if (b.scope === 'global') return true
    const value = b.scope === 'pipeline' ? scope.playbook : scope.lane
    return value !== undefined && globMatch(b.match!, value)
  })
}

export function isExempt(patterns: readonly string[], model: string | undefined): boolean {
  return model !== undefined && patterns.some((p) => globMatch(p, model))
}
