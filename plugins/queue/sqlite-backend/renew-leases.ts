/** Extend the given leases in one write transaction; returns the ids whose lease was lost. */
import type { SqliteBackendState } from './state.js'

export function renewLeases(
  { store, q }: SqliteBackendState,
  leases: readonly { id: number; token: string }[],
  leaseUntil: number,
): number[] {
  return store.immediate(() =>
    leases.filter((l) => q.renew.run(leaseUntil, l.id, l.token).changes !== 1).map((l) => l.id),
  )
}
