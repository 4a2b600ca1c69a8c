/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('budget')` is typed by it. */
import type { BudgetService } from './service.js'

export type { BudgetService }

declare module '../../core/plugin.js' {
  interface Services {
    budget: BudgetService
  }
}
