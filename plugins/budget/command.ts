/** `timmy budget status|report|reset`: read the running totals, group the ledger, reset a window (audited). */
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { formatTable } from '../../core/cli/format-table.js'
import { tableWidth } from '../../core/cli/terminal.js'
import { reasonOf } from '../../core/errors.js'
import type { CommandContext, PluginCommand } from '../../core/plugin.js'
import { budgetCommandSpec, REPORT_GROUPS } from './command-spec.js'
import { E } from './errors.js'
import type { BudgetStatus, ReportGroup, ReportRow } from './report.js'
import type { BudgetService } from './service.js'

const bad = (reason: string) => E.CLI_BAD_ARGS({ command: 'budget', reason })

/** The command; its `run` takes the budget service from the booted host. */
export function budgetCommand(): PluginCommand {
  return {
    ...budgetCommandSpec,
    async run(ctx) {
      const [sub, ...rest] = ctx.argv
      const service = ctx.host.service('budget')
      if (!service) throw E.SERVICE_MISSING({ plugin: 'budget', service: 'budget' })
      if (sub === 'status') return status(ctx, service, rest)
      if (sub === 'report') return report(ctx, service, rest)
      if (sub === 'reset') return reset(ctx, service, rest)
      throw bad(
        sub
          ? `unknown sub-command "${sub}" (status, report, reset)`
          : 'a sub-command is required (status, report, reset)',
      )
    },
  }
}

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>, positionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true })
  } catch (err) {
    throw bad(reasonOf(err).replace(/\.$/, ''))
  }
}

const write = (ctx: CommandContext, text: string) =>
  ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`)

function bar(percent: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)))
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
}

const money = (n: number) => `$${n.toFixed(4)}`

async function status(ctx: CommandContext, service: BudgetService, args: string[]): Promise<number> {
  parse(args, {})
  const rows = await service.status()
  if (ctx.json) {
    write(ctx, JSON.stringify({ budgets: rows }, null, 2))
    return 0
  }
  if (rows.length === 0) {
    write(ctx, 'No budgets configured. Add some under pluginOptions.budget.budgets in timmy.config.ts.')
    return 0
  }
  const cell = (r: BudgetStatus, kind: 'spent' | 'reserved' | 'cap') => {
    const parts: string[] = []
    if (r.capTokens !== undefined)
      parts.push(
        String(kind === 'spent' ? r.spentTokens : kind === 'reserved' ? r.reservedTokens : r.capTokens),
      )
    if (r.capCost !== undefined)
      parts.push(money(kind === 'spent' ? r.spentCost : kind === 'reserved' ? r.reservedCost : r.capCost))
    return parts.join(' / ')
  }
  // A narrow terminal gets the columns that matter; --wide (or a pipe) the window start and a bar too.
  const roomy = (tableWidth() ?? Number.POSITIVE_INFINITY) >= 130
  const state = (r: BudgetStatus) => (r.state === 'ok' && r.paused ? 'paused' : r.state)
  write(
    ctx,
    roomy
      ? formatTable(
          ['budget', 'scope', 'window', 'spent', 'reserved', 'cap', '%', '', 'state'],
          rows.map((r) => [
            r.name,
            r.match ? `${r.scope} ${r.match}` : r.scope,
            `${r.window} from ${r.windowStart.slice(0, 16).replace('T', ' ')}Z (${r.timezone})`,
            cell(r, 'spent'),
            cell(r, 'reserved'),
            cell(r, 'cap'),
            `${r.percent.toFixed(1)}`,
            bar(r.percent),
            state(r),
          ]),
        )
      : formatTable(
          ['budget', 'scope', 'window', 'spent', 'reserved', 'cap', '%', 'state'],
          rows.map((r) => [
            r.name,
            r.match ? `${r.scope} ${r.match}` : r.scope,
            r.window,
            cell(r, 'spent'),
            cell(r, 'reserved'),
            cell(r, 'cap'),
            `${r.percent.toFixed(1)}`,
            state(r),
          ]),
        ),
  )
  return 0
}

function parseSince(text: string, now: number): number {
  const rel = /^(\d+)([hdw])$/.exec(text)
  if (rel)
    return now - Number(rel[1]) * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as 'h' | 'd' | 'w']
  const t = Date.parse(text)
  if (Number.isNaN(t))
    throw bad(`--since "${text}" is neither a date (2026-11-01) nor a duration (7d, 24h, 2w)`)
  return t
}

const COLUMNS = [
  'records',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'total_tokens',
  'cost_usd',
  'estimated_cost_usd',
] as const

async function report(ctx: CommandContext, service: BudgetService, args: string[]): Promise<number> {
  const { values } = parse(args, {
    by: { type: 'string' },
    since: { type: 'string' },
    csv: { type: 'boolean' },
  })
  const by = (values.by ?? 'day') as ReportGroup
  if (!REPORT_GROUPS.includes(by)) throw bad(`--by "${by}" is not one of ${REPORT_GROUPS.join(', ')}`)
  const since = typeof values.since === 'string' ? parseSince(values.since, Date.now()) : undefined
  const rows = await service.report({ by, ...(since !== undefined ? { since } : {}) })
  if (ctx.json) {
    write(ctx, JSON.stringify({ by, since: since ? new Date(since).toISOString() : null, rows }, null, 2))
    return 0
  }
  const cells = (r: ReportRow) => [
    r.key,
    ...COLUMNS.map((c) =>
      c === 'cost_usd'
        ? r.cost_usd.toFixed(6)
        : c === 'estimated_cost_usd'
          ? values.csv || r.estimated_cost_usd > 0
            ? r.estimated_cost_usd.toFixed(6)
            : '-'
          : String(r[c]),
    ),
  ]
  if (values.csv) {
    const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
    write(ctx, [[by, ...COLUMNS].join(','), ...rows.map((r) => cells(r).map(esc).join(','))].join('\n'))
    return 0
  }
  if (rows.length === 0) {
    write(ctx, 'The ledger has no records in that range.')
    return 0
  }
  write(
    ctx,
    formatTable(
      [
        by,
        'records',
        'input',
        'output',
        'cache read',
        'cache write',
        'reasoning',
        'total',
        'cost $',
        'of which est. $',
      ],
      rows.map(cells),
    ),
  )
  if (rows.some((r) => r.estimated_cost_usd > 0))
    write(
      ctx,
      'Costs in "of which est. $" are estimates: the source (e.g. Hermes\' state.db, actual_cost_usd 0) did not know the actual cost.',
    )
  return 0
}

async function reset(ctx: CommandContext, service: BudgetService, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { reason: { type: 'string' } }, true)
  if (positionals.length !== 1) throw bad('name exactly one budget to reset')
  const actor = process.env.TIMMY_ACTOR ?? safeUser()
  const events = await service.reset(positionals[0]!, {
    actor: `cli:${actor}`,
    ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
  })
  if (ctx.json) write(ctx, JSON.stringify({ ok: true, events }, null, 2))
  else write(ctx, events.map((e) => e.reason).join('\n'))
  return 0
}

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
