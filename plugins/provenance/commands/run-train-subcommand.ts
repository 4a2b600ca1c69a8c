/** Run one `timmy train` pipeline subcommand (ingest, curate, validate, export, all) and print its result. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ValidateReport } from '../../../training/validate.js'
import { ingestTrainSources } from './ingest-train-sources.js'
import type { TrainContext } from './open-train-context.js'
import { curateTrainPairs, exportTrainPairs, ingestAndCurate, validateTrainPairs } from './run-train-steps.js'

export type TrainPipelineSub = 'ingest' | 'curate' | 'validate' | 'export' | 'all'

export async function runTrainSubcommand(t: TrainContext, sub: TrainPipelineSub): Promise<number> {
  const { ctx, print } = t
  switch (sub) {
    case 'ingest': {
      const s = await ingestTrainSources(t)
      if (ctx.json) ctx.printJson(s)
      else print(`ingest: ${s.pairs} pairs → ${s.out} (${fmt(s.skipped)})`)
      return 0
    }
    case 'curate': {
      const s = await curateTrainPairs(t, t.input(t.raw))
      if (ctx.json) ctx.printJson(s)
      else print(`curate: ${s.in} in, ${s.out} kept → ${s.out_file} (dropped: ${fmt(s.dropped)})`)
      return 0
    }
    case 'validate': {
      const r = await validateTrainPairs(t.input(t.curated))
      if (ctx.json) ctx.printJson(r)
      else reportValidate(t, r)
      return r.ok ? 0 : 1
    }
    case 'export': {
      const s = await exportTrainPairs(t, t.input(t.curated))
      if (ctx.json) ctx.printJson(s)
      else print(`export: ${s.pairs} pairs → ${s.file}\ncard: ${s.card}\nrecipe: ${s.recipe}`)
      return 0
    }
    case 'all':
      return runTrainAll(t)
  }
}

/** ingest → curate → validate → export (only when valid), then summary.json and a summary table. */
async function runTrainAll(t: TrainContext): Promise<number> {
  const { ctx, print, curated } = t
  const { summarise, formatSummary } = await import('../../../training/summary.js')
  const { i, c } = await ingestAndCurate(t)
  const r = await validateTrainPairs(curated)
  const e = r.ok ? await exportTrainPairs(t, curated) : undefined
  const summary = summarise(i, c, r, e)
  writeFileSync(join(t.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  if (ctx.json) ctx.printJson({ ok: r.ok, summary, ingest: i, curate: c, validate: r, export: e ?? null })
  else {
    print(formatSummary(summary))
    if (e) print(`\nexport: ${e.file}\ncard: ${e.card}\nrecipe: ${e.recipe}`)
    else reportValidate(t, r)
  }
  return r.ok ? 0 : 1
}

function reportValidate(t: TrainContext, r: ValidateReport): void {
  const { stderr } = t.ctx
  if (r.ok) {
    t.print(`validate: ${r.total} pairs, all with session id, licence and consent`)
    return
  }
  stderr.write(`validate: ${r.bad} of ${r.total} pairs fail\n`)
  for (const [k, n] of Object.entries(r.problems)) stderr.write(`  ${k}: ${n}\n`)
  for (const ex of r.examples)
    stderr.write(`  line ${ex.line} (session ${String(ex.session_id)}): ${ex.problems.join(', ')}\n`)
}

function fmt(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${k} ${n}`)
  return parts.length ? parts.join(', ') : 'none'
}
