/** `timmy train ingest` step: find the sources (flags, then Hermes defaults), check them, write raw.jsonl. */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { IngestStats } from '../../../training/ingest.js'
import type { RawPair } from '../../../training/types.js'
import { E } from '../errors.js'
import type { TrainContext } from './open-train-context.js'

export async function ingestTrainSources(
  t: TrainContext,
  onPair?: (pair: RawPair, line: string) => void,
): Promise<IngestStats> {
  const { E: trainingErrors } = await import('../../../training/errors.js')
  const { ingest } = await import('../../../training/ingest.js')
  const { loadConsent } = await import('../../../training/consent.js')
  const { values: v, cwd, paths, settings, provenance } = t
  const explicitDb = v['state-db'] as string | undefined
  const stateDb = explicitDb ? resolve(cwd, explicitDb) : join(paths.hermesHome, 'state.db')
  const snapshots = v.snapshots ? resolve(cwd, v.snapshots as string) : join(paths.hermesHome, 'sessions')
  const exports = ((v.export as string[] | undefined) ?? []).map((f) => resolve(cwd, f))
  const trajectories = ((v.trajectories as string[] | undefined) ?? []).map((f) => resolve(cwd, f))
  if (explicitDb && !existsSync(stateDb))
    throw trainingErrors.TRAIN_SOURCE_UNREADABLE({ file: stateDb, reason: 'no such file' })
  const haveDb = existsSync(stateDb)
  if (haveDb && !t.hermes) throw E.SERVICE_MISSING({ plugin: 'timmy train ingest', service: 'hermes' })
  const haveSnapshots = existsSync(snapshots)
  if (!haveDb && !haveSnapshots && !exports.length && !trajectories.length)
    throw E.TRAIN_NO_SOURCES({ looked: `${stateDb} and ${snapshots}` })
  const consentFile = v.consent
    ? resolve(cwd, v.consent as string)
    : (settings.consentFile ?? join(paths.home, 'consent.yaml'))
  if (v.consent && !existsSync(consentFile))
    throw trainingErrors.TRAIN_CONSENT_INVALID({ reason: `${consentFile} does not exist` })
  if (provenance) await provenance.ready()
  return ingest({
    ...(haveDb && t.hermes ? { stateDb, stateDbReader: t.hermes.stateDb } : {}),
    ...(haveSnapshots ? { snapshotsDir: snapshots } : {}),
    exports,
    trajectories,
    consent: loadConsent(consentFile),
    defaultLicense: settings.defaultLicense,
    out: t.raw,
    ...(provenance ? { runLinks: (ids: string[]) => provenance.traceSessionsSync(ids) } : {}),
    progress: t.progress,
    ...(onPair ? { onPair } : {}),
  })
}
