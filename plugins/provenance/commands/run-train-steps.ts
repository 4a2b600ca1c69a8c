/** `timmy train` steps after ingest: curate (alone or pipelined with ingest), validate, export. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CurateOptions, CurateStats } from '../../../training/curate.js'
import type { ExportStats } from '../../../training/export.js'
import type { IngestStats } from '../../../training/ingest.js'
import type { ValidateReport } from '../../../training/validate.js'
import { ingestTrainSources } from './ingest-train-sources.js'
import type { TrainContext } from './open-train-context.js'

/** Curate settings: flags win over pluginOptions.provenance, which wins over Hermes' privacy.redact_pii. */
async function curateOptions(t: TrainContext): Promise<Omit<CurateOptions, 'in' | 'progress' | 'total'>> {
  const { hermesRedactPii } = await import('../../../training/settings.js')
  const { values: v, settings, threshold } = t
  return {
    out: t.curated,
    allowLicenses: settings.allowLicenses,
    trainLevels: settings.trainLevels,
    redactPii: v['redact-pii']
      ? true
      : v['keep-pii']
        ? false
        : (settings.redactPii ?? hermesRedactPii(t.paths.hermesHome)),
    minhash: { ...settings.dedup, ...(threshold !== undefined ? { threshold } : {}) },
  }
}

function saveCurateStats(t: TrainContext, stats: CurateStats): CurateStats {
  writeFileSync(join(t.outDir, 'curated.stats.json'), `${JSON.stringify(stats, null, 2)}\n`)
  return stats
}

export async function curateTrainPairs(t: TrainContext, inFile: string): Promise<CurateStats> {
  const { curate } = await import('../../../training/curate.js')
  return saveCurateStats(t, curate({ in: inFile, ...(await curateOptions(t)), progress: t.progress }))
}

/** Ingest and curate in one pass (raw.jsonl is still written); `--threads` curates on a worker. */
export async function ingestAndCurate(t: TrainContext): Promise<{ i: IngestStats; c: CurateStats }> {
  const { createPipelinedCurator } = await import('../../../training/curate-threaded.js')
  const curator = createPipelinedCurator(await curateOptions(t), { threads: t.values.threads === true })
  try {
    const i = await ingestTrainSources(t, (pair, line) => curator.add(pair, line))
    return { i, c: saveCurateStats(t, await curator.finish()) }
  } catch (err) {
    curator.abort()
    throw err
  }
}

export async function validateTrainPairs(inFile: string): Promise<ValidateReport> {
  const { validatePairs } = await import('../../../training/validate.js')
  return validatePairs(inFile)
}

export async function exportTrainPairs(t: TrainContext, inFile: string): Promise<ExportStats> {
  const { exportPairs, readCurateStats } = await import('../../../training/export.js')
  const curateStats = readCurateStats(inFile)
  return exportPairs({
    in: inFile,
    outDir: join(t.outDir, 'export'),
    format: t.format,
    ...(curateStats ? { curateStats } : {}),
    languages: t.settings.languages,
    progress: t.progress,
  })
}
