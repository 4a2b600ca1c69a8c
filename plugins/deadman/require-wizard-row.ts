/** A wizard this host watches, or (PostgreSQL) one another host runs and the tables know; else DEADMAN_UNKNOWN_WIZARD. */
import type { DeadmanScope } from './deadman-scope.js'
import type { DeadmanStore } from './deadman-store.js'
import { requireWizard } from './require-wizard.js'

export async function requireWizardRow(scope: DeadmanScope, ds: DeadmanStore, wizard: string): Promise<void> {
  if (scope.names.has(wizard)) return
  if (ds.kind === 'postgres' && (await ds.get(wizard))) return
  requireWizard(scope, wizard)
}
