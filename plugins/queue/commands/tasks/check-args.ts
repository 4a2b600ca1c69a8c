/** Check `timmy tasks` arguments: a known subcommand, a target where one is needed, whole numbers where numbers are. */
import type { CliContext } from '../../../../core/cli/command.js'
import { E } from '../../errors.js'

export const SUBCOMMANDS = ['list', 'show', 'stats', 'enqueue', 'revoke', 'pause', 'resume', 'retry'] as const
export { STATES } from './states.js'

export type Subcommand = (typeof SUBCOMMANDS)[number]

/** A usage error of `timmy tasks` (exit code 2). */
export function badArgs(reason: string) {
  return E.CLI_BAD_ARGS({ command: 'tasks', reason })
}

/** The subcommand and its target from the positionals, or a usage error. */
export function checkTasksArgs(ctx: CliContext): { sub: Subcommand; target: string | undefined } {
  const [sub, target, ...extra] = ctx.positionals
  if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub))
    throw badArgs(sub ? `unknown subcommand "${sub}"` : `name a subcommand (${SUBCOMMANDS.join(', ')})`)
  if (extra.length) throw badArgs(`unexpected argument "${extra[0]}"`)
  const needsTarget = sub !== 'list' && sub !== 'stats'
  if (needsTarget && !target)
    throw badArgs(`"tasks ${sub}" needs ${/pause|resume|enqueue/.test(sub) ? 'a task name' : 'a job id'}`)
  if (!needsTarget && target) throw badArgs(`"tasks ${sub}" takes no argument`)
  return { sub: sub as Subcommand, target }
}

/** A whole number ≥ `min` from a flag or argument, or undefined when not given. */
export function parseWholeNumber(flag: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min)
    throw badArgs(`${flag} must be a whole number ≥ ${min}, got "${value}"`)
  return n
}

/** The job id argument (a whole number ≥ 1). */
export function parseJobId(target: string | undefined): number {
  return parseWholeNumber('the job id', target, 1)!
}

/** Print `value` as JSON under `--json`, else `text`. */
export function printOut(ctx: CliContext, value: unknown, text: string): void {
  if (ctx.json) ctx.printJson(value)
  else ctx.print(text)
}
