/** The end of `timmy train eval`: report files written, failures raised (exit 1), result printed, gate checked. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CliContext } from '../../../core/cli/command.js'
import type { Host } from '../../../core/host.js'
import { E } from '../../../training/errors.js'
import type { EvalReport } from '../../../training/eval/build-report.js'
import type { EvalStore } from '../../../training/eval/eval-store.js'
import { formatMarkdown } from '../../../training/eval/format-report.js'
import type { HeldOut } from '../../../training/eval/heldout-cases.js'
import type { EvalOutcome } from '../../../training/eval/run-eval.js'

export interface EvalFiles {
  json: string
  markdown: string
}
export type HeldOutInfo = { read: number; used: number; skipped: HeldOut['skipped'] } | null

/** `<out>/eval/<run>.json` (with the held-out counts) and `<run>.md`, private to the user. */
export function writeEvalReport(
  ctx: CliContext,
  host: Host,
  run: string,
  report: EvalReport,
  heldOut: HeldOut | undefined,
): { files: EvalFiles; heldOutInfo: HeldOutInfo } {
  const v = ctx.values
  const cwd = process.cwd()
  const settings = host.service('provenance')?.settings
  const dir = join(
    resolve(
      cwd,
      (v.out as string | undefined) ?? settings?.outDir ?? join(host.loaded.paths.home, 'training'),
    ),
    'eval',
  )
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const files = { json: join(dir, `${run}.json`), markdown: join(dir, `${run}.md`) }
  const heldOutInfo = heldOut
    ? { read: heldOut.read, used: heldOut.cases.length, skipped: heldOut.skipped }
    : null
  writeFileSync(files.json, `${JSON.stringify({ ...report, heldOut: heldOutInfo }, null, 2)}\n`, {
    mode: 0o600,
  })
  writeFileSync(files.markdown, formatMarkdown(report), { mode: 0o600 })
  return { files, heldOutInfo }
}

/** Exit 1 with a coded error when no case got an answer, or a budget stopped the run. */
export function checkEvalOutcome(
  outcome: EvalOutcome,
  store: EvalStore,
  total: number,
  endpoint: string,
  files: EvalFiles,
): void {
  if (outcome.asked > 0 && outcome.errors === outcome.asked)
    throw E.EVAL_ENDPOINT_UNREACHABLE(
      { endpoint, cases: outcome.asked, first: outcome.firstError ?? 'unknown' },
      { exitCode: 1, details: { run: outcome.run.id, report: files.json } },
    )
  if (outcome.stopped)
    throw E.EVAL_BUDGET_EXHAUSTED(
      {
        ...outcome.stopped,
        done: store.answered(outcome.run.id).size,
        left: total - store.answered(outcome.run.id).size,
      },
      { exitCode: 1, details: { run: outcome.run.id, report: files.json } },
    )
}

/** Print the report (or JSON); with `--gate`, each dropped or erroring category on stderr and exit 1. */
export function printEvalReport(
  ctx: CliContext,
  report: EvalReport,
  margin: number,
  heldOutInfo: HeldOutInfo,
  files: EvalFiles,
): number {
  const v = ctx.values
  if (ctx.json) ctx.printJson({ ok: report.gate.ok || !v.gate, ...report, heldOut: heldOutInfo, files })
  else
    ctx.print(`${formatMarkdown({ ...report, worst: report.worst.slice(0, 3) })}\nreport: ${files.markdown}`)
  if (v.gate && !report.gate.ok) {
    for (const d of report.gate.dropped)
      ctx.stderr.write(
        `timmy: gate failed: category "${d.category}" dropped from ${pct(d.previous)} to ${pct(d.now)} (margin ${pct(margin)})\n`,
      )
    for (const e of report.gate.errored)
      ctx.stderr.write(
        `timmy: gate failed: category "${e.category}" has ${e.errors} of ${e.cases} cases with no answer (${pct(e.rate)}, margin ${pct(margin)})\n`,
      )
    return 1
  }
  return 0
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
