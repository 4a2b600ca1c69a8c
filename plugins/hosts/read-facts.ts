/**
 * What this host says about itself at each beat: timmy's version, the live deploy generation (the
 * `deploy` service, when loaded) and the wizards with their states (the `deadman` service, when
 * loaded). A service that fails to answer leaves its field empty; the beat still goes out.
 */
import { hostname } from 'node:os'
import type { PluginHost } from '../../core/plugin.js'
import { timmyVersion } from '../../core/version.js'
import type { HostFacts } from './hosts-store.js'
import type { HostWizard } from './types.js'

export async function readFacts(
  host: Pick<PluginHost, 'maybeUse'>,
  id: string,
  now: number,
): Promise<HostFacts> {
  return {
    id,
    hostname: hostname(),
    pid: process.pid,
    version: timmyVersion(),
    generation: readGeneration(host),
    wizards: await readWizards(host, now),
  }
}

function readGeneration(host: Pick<PluginHost, 'maybeUse'>): number | null {
  try {
    return host.maybeUse('deploy')?.live() ?? null
  } catch {
    return null
  }
}

async function readWizards(host: Pick<PluginHost, 'maybeUse'>, now: number): Promise<HostWizard[]> {
  const deadman = host.maybeUse('deadman')
  if (!deadman) return []
  try {
    // on a shared PostgreSQL, deadman lists every host's wizards: a host reports its own
    return (await deadman.status(now))
      .filter((w) => w.host === undefined || w.host === host.maybeUse('hosts')?.id)
      .map((w) => ({ wizard: w.wizard, state: w.state }))
  } catch {
    return deadman.wizards().map((wizard) => ({ wizard, state: 'unknown' }))
  }
}
