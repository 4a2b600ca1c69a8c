/** Boot the host for `timmy train` and settle what every step shares: settings, folders, progress, print. */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CliContext } from '../../../core/cli/command.js'
import type { Paths } from '../../../core/config/paths.js'
import { createProgress, type Progress, quietProgress } from '../../../training/progress.js'
import type { HermesService } from '../../hermes/types.js'
import { defaultSettings, type ProvenanceSettings } from '../options.js'
import type { Provenance } from '../types.js'
import type { TrainFlags } from './parse-train-flags.js'

export interface TrainContext extends TrainFlags {
  ctx: CliContext
  values: CliContext['values']
  paths: Paths
  provenance: Provenance | undefined
  /** Hermes' formats (its state.db reader); undefined when the hermes plugin is disabled. */
  hermes: HermesService | undefined
  settings: ProvenanceSettings
  cwd: string
  outDir: string
  raw: string
  curated: string
  progress: Progress
  /** `--in` resolved against the working folder, or `fallback`. */
  input(fallback: string): string
  /** Print unless `--json`. */
  print(text: string): void
}

export async function openTrainContext(ctx: CliContext, flags: TrainFlags): Promise<TrainContext> {
  const v = ctx.values
  const host = await ctx.host({ logLevel: 'error' })
  const { paths } = host.loaded
  const provenance = host.service('provenance')
  const settings = provenance?.settings ?? defaultSettings()
  const cwd = process.cwd()
  const outDir = resolve(
    cwd,
    (v.out as string | undefined) ?? settings.outDir ?? join(paths.home, 'training'),
  )
  mkdirSync(outDir, { recursive: true, mode: 0o700 })
  return {
    ...flags,
    ctx,
    values: v,
    paths,
    provenance,
    hermes: host.service('hermes'),
    settings,
    cwd,
    outDir,
    raw: join(outDir, 'raw.jsonl'),
    curated: join(outDir, 'curated.jsonl'),
    progress: ctx.json ? quietProgress : createProgress(ctx.stderr),
    input: (fallback) => (v.in ? resolve(cwd, v.in as string) : fallback),
    print: (text) => {
      if (!ctx.json) ctx.print(text)
    },
  }
}
