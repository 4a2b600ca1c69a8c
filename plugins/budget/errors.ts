/** The `budget` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    BUDGET_INVALID_CAP: (a: { budget: string; field: string; value: unknown }) =>
      `budget "${a.budget}" has ${a.field} = ${JSON.stringify(a.value)}; a cap must be a finite number >= 0. Fix pluginOptions.budget.budgets.`,
    BUDGET_UNKNOWN_WINDOW: (a: { budget: string; window: string; suggestion?: string }) =>
      `budget "${a.budget}" has window "${a.window}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Use one of: hourly, daily, weekly, monthly.`,
    BUDGET_UNKNOWN_TIMEZONE: (a: { budget: string; timezone: string }) =>
      `budget "${a.budget}" names time zone "${a.timezone}", which this Node does not know. Use an IANA name such as "UTC" or "America/New_York".`,
    BUDGET_INVALID: (a: { budget: string; reason: string }) =>
      `budget "${a.budget}" is invalid: ${a.reason}. Fix pluginOptions.budget.budgets.`,
    BUDGET_BAD_USAGE: (a: { field: string; value: unknown; source: string }) =>
      `usage record from "${a.source}" has ${a.field} = ${JSON.stringify(a.value)}; token counts must be integers >= 0 and cost a finite number >= 0. Nothing was recorded; fix the reporter.`,
    BUDGET_BAD_ESTIMATE: (a: { reason: string }) =>
      `invalid budget estimate: ${a.reason}. Give budget/reserve \`with: { tokens: <integer >= 0>, cost: <number >= 0> }\`.`,
    BUDGET_UNKNOWN: (a: { name: string; known: string; suggestion?: string }) =>
      `no budget named "${a.name}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Known budgets: ${a.known || '(none configured)'}.`,
    BUDGET_HERMES_DB_UNREADABLE: (a: { path: string; reason: string }) =>
      `cannot read Hermes' state.db at ${a.path}: ${a.reason}. Check HERMES_HOME and the file's permissions; timmy opens it read-only.`,
  }),
}
