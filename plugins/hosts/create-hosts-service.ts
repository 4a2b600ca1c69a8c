/** The `hosts` service over the table, opened at first use (a command that never asks opens nothing). */
import type { PluginHost } from '../../core/plugin.js'
import { checkSilent } from './check-silent.js'
import type { HostsStore } from './hosts-store.js'
import { openHostsStore } from './open-hosts-store.js'
import type { HostsOptions } from './options.js'
import { readFacts } from './read-facts.js'
import { toRecord } from './state-of.js'
import type { HostRecord, HostsService } from './types.js'

export interface HostsServiceParts {
  service: HostsService
  /** Close the table's connection when one was opened. */
  close(): Promise<void>
}

export function createHostsService(
  host: PluginHost,
  options: HostsOptions,
  id: string,
  silentAfterMs: number,
): HostsServiceParts {
  let opened: Promise<HostsStore> | undefined
  const table = () => {
    opened ??= openHostsStore(host)
    opened.catch(() => (opened = undefined)) // an unreachable server is tried again next time
    return opened
  }
  const self = async (now: number): Promise<HostRecord> => {
    const row = (await (await table()).list()).find((r) => r.id === id)
    if (!row) throw new Error(`host ${id} has no row after writing it`)
    return toRecord(row, now, silentAfterMs, id)
  }
  const service: HostsService = {
    id,
    backend: async () => (await table()).kind,
    list: async (now = Date.now()) =>
      (await (await table()).list()).map((r) => toRecord(r, now, silentAfterMs, id)),
    async register(now = Date.now()) {
      await (await table()).register(await readFacts(host, id, now), now)
      return self(now)
    },
    async beat(now = Date.now()) {
      const t = await table()
      const facts = await readFacts(host, id, now)
      const { found, clearedAlertAt } = await t.beat(facts, now)
      if (!found) await t.register(facts, now)
      if (clearedAlertAt !== null)
        host.log.info(
          { host: id, alertedAt: new Date(clearedAlertAt).toISOString() },
          `host ${id} beats again: its silence alert is cleared`,
        )
      return self(now)
    },
    async stop(now = Date.now()) {
      await (await table()).stop(id, now)
    },
    check: async (now = Date.now()) => checkSilent(host, await table(), options, silentAfterMs, now),
  }
  return {
    service,
    async close() {
      if (!opened) return
      const t = await opened.catch(() => undefined)
      opened = undefined
      await t?.close()
    },
  }
}
