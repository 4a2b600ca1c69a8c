/** The service's `beat`: touch the stamp (CLI beats), record the beat, deliver its alerts and hook events. */
import type { DeadmanScope } from './deadman-scope.js'
import { fireHeartbeats } from './fire-heartbeats.js'
import { readyStore } from './ready-store.js'
import { recordBeat } from './record-beat.js'
import { requireWizard } from './require-wizard.js'
import { readStamp, touchStamp } from './stamp.js'
import type { BeatInput, WizardStatus } from './types.js'
import { statusOne } from './wizard-status.js'

export async function beatWizard(
  scope: DeadmanScope,
  wizard: string,
  input: BeatInput,
): Promise<WizardStatus> {
  const w = requireWizard(scope, wizard)
  const at = input.at ?? scope.clock()
  const ds = await readyStore(scope, at)
  const source = input.source ?? 'cli'
  // The stamp first: an untrusted stamp (a symlink, another user's file) fails the beat before it counts.
  if (source === 'cli') touchStamp(wizard, w.stamp, at)
  const { events, alerts } = await recordBeat(scope, wizard, at, source, input.kind ?? 'beat', input.run)
  for (const a of alerts) await a(scope.deps.effects ?? new Map())
  await fireHeartbeats(scope, events)
  if (source === 'cli') {
    const mtime = readStamp(wizard, w.stamp, undefined, scope.stampWarn)
    await ds.transaction(async (tx) => {
      const r = (await tx.get(wizard))!
      r.stampMtime = mtime
      await tx.save(r)
    })
  }
  return await statusOne(scope, wizard, at)
}
