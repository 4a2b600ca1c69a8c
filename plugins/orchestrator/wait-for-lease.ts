/** Take the orchestrator lease; with `standby`, wait until its holder lets it lapse, else ORCHESTRATOR_HELD. */

import { E } from './errors.js'
import type { LeaseInfo, Leases } from './lease.js'
import { sleep } from './sleep.js'
import type { stopOnSignals } from './stop-on-signals.js'

/** Undefined when a signal stopped the wait; the signal listeners are removed then, and before the error. */
export async function waitForLease(
  leases: Leases,
  holder: string,
  ttl: number,
  standby: boolean,
  signals: ReturnType<typeof stopOnSignals>,
): Promise<LeaseInfo | undefined> {
  for (;;) {
    if (signals.flags.stop) {
      signals.off()
      return undefined
    }
    const got = await leases.acquire('orchestrator', holder, ttl)
    if (got.ok) return got.lease
    if (!standby) {
      signals.off()
      throw E.ORCHESTRATOR_HELD({
        holder: got.heldBy.holder,
        expires: new Date(got.heldBy.expiresAt).toISOString(),
      })
    }
    await sleep(Math.min(1000, ttl / 2))
  }
}
