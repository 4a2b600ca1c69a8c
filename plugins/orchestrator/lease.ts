/**
 * A named lease: at most one holder at a time, across processes and hosts sharing the store (every
 * host of a fleet when `store.url` puts the table on PostgreSQL). The holder renews it while alive;
 * when it stops renewing, the lease expires and another process may take it. Renewal and release are
 * compare-and-swap on a token, so a holder that lost the lease cannot extend or drop the new holder's.
 * Table `orchestrator_leases`, in the host's SQLite store (./sqlite-leases.ts) or on the `postgres`
 * service (./pg-leases.ts). Times are the hosts' clocks (epoch ms).
 */
import type { PluginHost } from '../../core/plugin.js'
import { usePostgres } from '../postgres/use-postgres.js'

export interface LeaseInfo {
  name: string
  holder: string
  token: string
  expiresAt: number
}

export type Acquired = { ok: true; lease: LeaseInfo } | { ok: false; heldBy: LeaseInfo }

export interface Leases {
  /** Take the lease when it is free or expired at `now`; else who holds it. */
  acquire(name: string, holder: string, ttlMs: number, now?: number): Promise<Acquired>
  /** Extend the lease; false if it was lost (expired and taken, or released). */
  renew(lease: LeaseInfo, ttlMs: number, now?: number): Promise<boolean>
  /** Drop the lease if this token still holds it. */
  release(lease: LeaseInfo): Promise<void>
}

/** The leases on PostgreSQL when `store.url` is set, else in the host's SQLite store (tables migrated). */
export async function openLeases(host: Pick<PluginHost, 'config' | 'maybeUse' | 'store'>): Promise<Leases> {
  const postgres = usePostgres(host, 'orchestrator')
  if (postgres) {
    const { openPgLeases } = await import('./pg-leases.js')
    return openPgLeases(postgres)
  }
  const { openSqliteLeases } = await import('./sqlite-leases.js')
  return openSqliteLeases(await host.store())
}
